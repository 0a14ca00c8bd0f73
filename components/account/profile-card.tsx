"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { updateProfile } from "@/lib/actions/account/profile";

/** The account's name: what teammates see in member lists, invitations and audit logs. */
export function ProfileCard({ name: initial }: { name: string }) {
  const router = useRouter();
  const [name, setName] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const save = useAction(updateProfile, {
    onSuccess: (data) => {
      setName(data.name);
      setSaved(data.name);
      // The account menu in the header shows the name too.
      router.refresh();
    },
  });
  const { pending, fieldErrors, formError } = save;
  const dirty = name.trim() !== saved;

  return (
    <Card>
      <CardHeader>
        <CardTitle>Profile</CardTitle>
        <CardDescription>Your name is shown to your teams: in member lists, invitations and audit logs.</CardDescription>
      </CardHeader>
      <CardContent>
        <form
          ref={save.formRef}
          noValidate
          className="grid gap-5"
          onSubmit={(event) => {
            event.preventDefault();
            void save.execute({ name });
          }}
        >
          {formError && <FormAlert>{formError}</FormAlert>}
          <FormField label="Name" htmlFor="profile-name" error={fieldErrors.name}>
            <Input
              id="profile-name"
              name="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="name"
              maxLength={100}
              aria-invalid={!!fieldErrors.name || undefined}
              aria-describedby={fieldDescribedBy("profile-name", { error: fieldErrors.name })}
            />
          </FormField>
          <div className="flex justify-end gap-2">
            <Button
              variant="ghost"
              disabled={!dirty || pending}
              onClick={() => {
                setName(saved);
                save.reset();
              }}
            >
              Reset
            </Button>
            <Button type="submit" loading={pending} disabled={!dirty}>
              Save name
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
