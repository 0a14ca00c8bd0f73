import { CenteredPage } from "@/components/shell/centered-page";

export default function InviteLayout({ children }: { children: React.ReactNode }) {
  return <CenteredPage width="md">{children}</CenteredPage>;
}
