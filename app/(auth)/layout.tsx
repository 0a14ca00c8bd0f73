import { CenteredPage } from "@/components/shell/centered-page";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return <CenteredPage footer="Gatehouse · API access for partner teams">{children}</CenteredPage>;
}
