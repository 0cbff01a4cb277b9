// Runs once when the server starts: migrate the database before the first request,
// then start the embedded engine where no Inngest server is configured.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before anything is served: the per-address limits read the socket address from this header.
  const { installPeerAddressHeader } = await import("./lib/server/peer-address.ts");
  installPeerAddressHeader();
  const { startServer } = await import("./lib/server/start-server.ts");
  // The embedded engine calls the app's own serve handler in-process.
  const { embeddedServeHandler } = await import("./inngest/serve.ts");
  await startServer(embeddedServeHandler);
}
