/** For tests: the Subject header of a captured mail, unfolded, with nodemailer's Q-encoded words decoded. */
export function subjectOf(raw: string): string | undefined {
  const header = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1];
  return header
    ?.replace(/\r?\n[ \t]/g, " ")
    .replace(/\?= =\?/g, "?==?")
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_, q: string) =>
      Buffer.from(q.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
    );
}
