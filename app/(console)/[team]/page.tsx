import { redirect } from "next/navigation";

export default async function TeamIndexPage({ params }: { params: Promise<{ team: string }> }) {
  const { team } = await params;
  redirect(`/${encodeURIComponent(team)}/keys`);
}
