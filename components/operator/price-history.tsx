import { Badge } from "@/components/ui/badge";
import { DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format-time";
import type { CatalogueRow } from "@/lib/operator/models";
import { PRICE_FIELDS, PRICE_LABELS } from "@/lib/operator/schemas";
import { priceLabel } from "./format";

/** Dialog body: every price version of a model, newest first. */
export function PriceHistory({ model }: { model: CatalogueRow }) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>Price history of {model.displayName}</DialogTitle>
        <DialogDescription>Per million tokens. Each version applies from its start until the next one.</DialogDescription>
      </DialogHeader>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>From</TableHead>
            {PRICE_FIELDS.map((f) => (
              <TableHead key={f} className="text-right">
                {PRICE_LABELS[f]}
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {model.history.map((version) => (
            <TableRow key={version.id}>
              <TableCell className="whitespace-nowrap">
                {version.effectiveFrom === 0 ? "The beginning" : formatDateTime(new Date(version.effectiveFrom))}
                {version.id === model.current?.id && (
                  <Badge variant="success" className="ml-2">
                    Current
                  </Badge>
                )}
              </TableCell>
              {PRICE_FIELDS.map((f) => (
                <TableCell key={f} className="text-right tabular-nums">
                  {priceLabel(version[f])}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
