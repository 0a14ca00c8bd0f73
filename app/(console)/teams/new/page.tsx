import type { Metadata } from "next";
import { CreateTeamForm } from "@/components/teams/create-team-form";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";

export const metadata: Metadata = { title: "Create a team" };

export default function NewTeamPage() {
  return (
    <main className="mx-auto w-full max-w-xl px-4 py-10 sm:px-6 sm:py-16">
      <Card>
        <CardHeader>
          <h1 className="text-xl leading-tight font-semibold">Create a team</h1>
          <CardDescription>
            You will be the team&apos;s owner. Invite members and create API keys once it exists.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <CreateTeamForm />
        </CardContent>
      </Card>
    </main>
  );
}
