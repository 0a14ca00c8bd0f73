import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Several builds can coexist (tests, benchmarks) by pointing NEXT_DIST_DIR elsewhere.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@node-rs/argon2", "nodemailer"],
  poweredByHeader: false,
};

export default nextConfig;
