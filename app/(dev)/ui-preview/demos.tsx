"use client";

import { Ellipsis, KeyRound, Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function LoadingButtonDemo() {
  const [loading, setLoading] = useState(false);
  return (
    <Button
      loading={loading}
      onClick={async () => {
        setLoading(true);
        await sleep(1500);
        setLoading(false);
        toast.success("Saved");
      }}
    >
      Click to load
    </Button>
  );
}

export function ToastDemo() {
  return (
    <div className="flex flex-wrap gap-2">
      <Button variant="outline" onClick={() => toast.success("Member invited")}>Success toast</Button>
      <Button variant="outline" onClick={() => toast.error("Could not revoke key")}>Error toast</Button>
      <Button variant="outline" onClick={() => toast("Heads up", { description: "Plain toast with a description." })}>
        Info toast
      </Button>
    </div>
  );
}

export function DialogDemo() {
  return (
    <div className="flex flex-wrap gap-2">
      <Dialog>
        <DialogTrigger asChild>
          <Button variant="outline">Open dialog</Button>
        </DialogTrigger>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Create API key</DialogTitle>
            <DialogDescription>Keys are shown once. Store it somewhere safe.</DialogDescription>
          </DialogHeader>
          <FormField label="Key name" htmlFor="demo-key-name" hint="Only you and team admins see this.">
            <Input id="demo-key-name" placeholder="CI deploys" />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button>Create key</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>

      <ConfirmDialog
        trigger={<Button variant="outline">Revoke key</Button>}
        title="Revoke this key?"
        description="Requests using it will start failing immediately."
        confirmLabel="Revoke"
        destructive
        onConfirm={async () => {
          await sleep(1000);
          toast.success("Key revoked");
        }}
      />

      <ConfirmDialog
        trigger={<Button variant="destructive">Delete team</Button>}
        title="Delete team"
        description="This permanently deletes the team, its members and all API keys."
        confirmLabel="Delete team"
        destructive
        requireText="acme-partners"
        onConfirm={async () => {
          await sleep(1000);
          toast.success("Team deleted");
        }}
      />

      <ConfirmDialog
        trigger={<Button variant="ghost">Failing confirm</Button>}
        title="This one fails"
        description="onConfirm throws, so the dialog stays open and shows the error."
        onConfirm={async () => {
          await sleep(600);
          throw new Error("Server said no.");
        }}
      />
    </div>
  );
}

export function RowActionsDemo() {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" className="size-8" aria-label="Actions for key ci-deploys">
          <Ellipsis />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuLabel>Key actions</DropdownMenuLabel>
        <DropdownMenuItem onSelect={() => toast("Rename")}>
          <Pencil /> Rename
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => toast("Rotate")}>
          <KeyRound /> Rotate
        </DropdownMenuItem>
        <DropdownMenuItem disabled>Disabled item</DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem variant="destructive" onSelect={() => toast.error("Revoked")}>
          <Trash2 /> Revoke
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
