"use client";

import { Ellipsis, History, Pencil, Tags } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDate } from "@/lib/format-time";
import type { CatalogueRow } from "@/lib/operator/models";
import { PRICE_FIELDS, PRICE_LABELS } from "@/lib/operator/schemas";
import { ChangePricesForm } from "./change-prices-form";
import { EditModelForm } from "./edit-model-dialog";
import { priceLabel } from "./format";
import { PriceHistory } from "./price-history";

type Open = { kind: "edit" | "prices" | "history"; model: CatalogueRow } | null;

/** The catalogue; one dialog at a time, owned here so it survives the row's re-render after a save. */
export function ModelsTable({ models }: { models: CatalogueRow[] }) {
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);

  return (
    <>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Model</TableHead>
            <TableHead>Status</TableHead>
            {PRICE_FIELDS.map((f) => (
              <TableHead key={f} className="text-right">
                {PRICE_LABELS[f]}
              </TableHead>
            ))}
            <TableHead>Price since</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {models.map((model) => (
            <TableRow key={model.id} data-testid="model-row" data-model={model.id}>
              <TableCell className="max-w-56">
                <div className="truncate font-medium" title={model.displayName}>
                  {model.displayName}
                </div>
                <div className="truncate font-mono text-xs text-muted-foreground" title={model.id}>
                  {model.id}
                </div>
              </TableCell>
              <TableCell>
                <Badge variant={model.enabled ? "success" : "secondary"}>{model.enabled ? "Enabled" : "Disabled"}</Badge>
              </TableCell>
              {PRICE_FIELDS.map((f) => (
                <TableCell key={f} className="text-right whitespace-nowrap tabular-nums">
                  {model.current ? priceLabel(model.current[f]) : "—"}
                </TableCell>
              ))}
              <TableCell className="whitespace-nowrap text-muted-foreground">
                {!model.current ? "—" : model.current.effectiveFrom === 0 ? "Install" : formatDate(new Date(model.current.effectiveFrom))}
              </TableCell>
              <TableCell className="text-right">
                <DropdownMenu modal={false}>
                  <DropdownMenuTrigger asChild>
                    <Button variant="ghost" size="icon" className="size-8" aria-label={`Actions for ${model.displayName}`}>
                      <Ellipsis aria-hidden />
                    </Button>
                  </DropdownMenuTrigger>
                  <DropdownMenuContent>
                    <DropdownMenuItem onSelect={() => setOpen({ kind: "prices", model })}>
                      <Tags aria-hidden />
                      Change prices…
                    </DropdownMenuItem>
                    <DropdownMenuItem onSelect={() => setOpen({ kind: "edit", model })}>
                      <Pencil aria-hidden />
                      Edit…
                    </DropdownMenuItem>
                    <DropdownMenuItem onSelect={() => setOpen({ kind: "history", model })}>
                      <History aria-hidden />
                      Price history
                    </DropdownMenuItem>
                  </DropdownMenuContent>
                </DropdownMenu>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Dialog open={open !== null} onOpenChange={(next) => !next && close()}>
        <DialogContent className={open?.kind === "history" ? "max-w-2xl" : undefined}>
          {open?.kind === "edit" && <EditModelForm key={open.model.id} model={open.model} onDone={close} />}
          {open?.kind === "prices" && <ChangePricesForm key={open.model.id} model={open.model} onDone={close} />}
          {open?.kind === "history" && <PriceHistory model={open.model} />}
        </DialogContent>
      </Dialog>
    </>
  );
}
