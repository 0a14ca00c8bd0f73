"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { useHydrated } from "@/components/shell/use-hydrated";
import { Button } from "@/components/ui/button";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { useAction } from "@/components/ui/use-action";
import { createTeam } from "@/lib/actions/teams/create-team";
import { slugify } from "@/lib/teams/slug";

export function CreateTeamForm() {
  const router = useRouter();
  const hydrated = useHydrated();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const create = useAction(createTeam, {
    successToast: (team, message) => message ?? `Created ${team.name}.`,
    // Stays pending while the new team's page loads, so the button can't make a second team.
    keepPendingOnSuccess: true,
    onSuccess: (team) => {
      router.push(`/${team.slug}/keys`);
      router.refresh();
    },
  });
  const { pending, fieldErrors, formError: error } = create;

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void create.execute({ name, description });
  }

  const slug = name.trim() ? slugify(name) : "";

  return (
    <form ref={create.formRef} onSubmit={handleSubmit} noValidate className="grid gap-5">
      {error && <FormAlert>{error}</FormAlert>}
      <FormField
        label="Team name"
        htmlFor="name"
        error={fieldErrors.name}
        hint={slug ? `Its address will be like /${slug} (a number is added if that is taken).` : "For example your company or project name."}
        required
      >
        <Input
          id="name"
          name="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={60}
          autoFocus
          autoComplete="organization"
          aria-invalid={!!fieldErrors.name || undefined}
          aria-describedby={fieldDescribedBy("name", { error: fieldErrors.name, hint: true })}
        />
      </FormField>
      <FormField label="Description" htmlFor="description" error={fieldErrors.description} hint="Optional. Up to 280 characters.">
        <Textarea
          id="description"
          name="description"
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={280}
          aria-invalid={!!fieldErrors.description || undefined}
          aria-describedby={fieldDescribedBy("description", { error: fieldErrors.description, hint: true })}
        />
      </FormField>
      <div className="flex justify-end gap-2">
        <Button variant="outline" onClick={() => router.back()} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" loading={pending} disabled={!hydrated}>
          Create team
        </Button>
      </div>
    </form>
  );
}
