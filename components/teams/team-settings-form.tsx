"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { useAction } from "@/components/ui/use-action";
import { updateTeam } from "@/lib/actions/teams/update-team";

type Props = {
  team: { id: string; name: string; description: string };
  /** False shows the values read-only; the server refuses the change either way. */
  canEdit: boolean;
};

export function TeamSettingsForm({ team, canEdit }: Props) {
  const router = useRouter();
  const [name, setName] = useState(team.name);
  const [description, setDescription] = useState(team.description);
  const [saved, setSaved] = useState({ name: team.name, description: team.description });
  const update = useAction(updateTeam, {
    onSuccess: (updated) => {
      setName(updated.name);
      setDescription(updated.description);
      setSaved({ name: updated.name, description: updated.description });
      router.refresh();
    },
  });
  const { pending, fieldErrors, formError: error } = update;

  const dirty = name !== saved.name || description !== saved.description;

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!canEdit) return;
    void update.execute({ teamId: team.id, name, description });
  }

  return (
    <form ref={update.formRef} onSubmit={handleSubmit} noValidate className="grid gap-5">
      {error && <FormAlert>{error}</FormAlert>}
      <FormField label="Team name" htmlFor="team-name" error={fieldErrors.name}>
        <Input
          id="team-name"
          name="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          readOnly={!canEdit}
          maxLength={60}
          aria-invalid={!!fieldErrors.name || undefined}
          aria-describedby={fieldDescribedBy("team-name", { error: fieldErrors.name })}
          className={canEdit ? undefined : "bg-muted/50 dark:bg-muted/50"}
        />
      </FormField>
      <FormField
        label="Description"
        htmlFor="team-description"
        error={fieldErrors.description}
        hint={canEdit ? "Optional. Up to 280 characters." : undefined}
      >
        <Textarea
          id="team-description"
          name="description"
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          readOnly={!canEdit}
          maxLength={280}
          placeholder={canEdit ? "What this team uses the API for" : "No description."}
          aria-invalid={!!fieldErrors.description || undefined}
          aria-describedby={fieldDescribedBy("team-description", { error: fieldErrors.description, hint: canEdit })}
          className={canEdit ? undefined : "bg-muted/50 dark:bg-muted/50"}
        />
      </FormField>
      {canEdit && (
        <div className="flex justify-end gap-2">
          <Button
            variant="ghost"
            disabled={!dirty || pending}
            onClick={() => {
              setName(saved.name);
              setDescription(saved.description);
              update.reset();
            }}
          >
            Reset
          </Button>
          <Button type="submit" loading={pending} disabled={!dirty}>
            Save changes
          </Button>
        </div>
      )}
    </form>
  );
}
