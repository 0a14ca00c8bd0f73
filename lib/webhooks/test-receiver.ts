/** A real HTTP receiver on 127.0.0.1 and a random port, for the delivery tests. */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Receipt = { path: string; headers: Record<string, string>; body: string };
/** What to answer: a status (and headers), or "hang" to never answer. */
export type Answer = number | { status: number; headers?: Record<string, string> } | "hang";

export async function startTestReceiver(answer: (receipt: Receipt, index: number) => Answer = () => 200) {
  const receipts: Receipt[] = [];
  let respond = answer;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
      const receipt = { path: req.url ?? "", headers, body: Buffer.concat(chunks).toString("utf8") };
      receipts.push(receipt);
      const reply = respond(receipt, receipts.length - 1);
      if (reply === "hang") return;
      const { status, headers: extra = {} } = typeof reply === "number" ? { status: reply } : reply;
      res.writeHead(status, extra).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    receipts,
    url: (path = "/hooks") => `http://127.0.0.1:${port}${path}`,
    answerWith(next: typeof answer) {
      respond = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type TestReceiver = Awaited<ReturnType<typeof startTestReceiver>>;
