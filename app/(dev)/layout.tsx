import { notFound } from "next/navigation";

/** Development-only pages (the UI preview): absent from production builds. */
export default function DevLayout({ children }: { children: React.ReactNode }) {
  if (process.env.NODE_ENV === "production") notFound();
  return children;
}
