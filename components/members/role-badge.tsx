import { Badge, type BadgeProps } from "@/components/ui/badge";
import { ROLE_LABELS, type Role } from "@/lib/permissions";

const VARIANTS: Record<Role, BadgeProps["variant"]> = {
  owner: "default",
  admin: "info",
  developer: "secondary",
  billing: "outline",
};

export function RoleBadge({ role }: { role: Role }) {
  return <Badge variant={VARIANTS[role]}>{ROLE_LABELS[role]}</Badge>;
}
