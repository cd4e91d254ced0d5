import { DEMO_MAKER_CLIENT, startMakerServer } from "./maker.server.js";

// `pnpm --filter @onflex/maker-oauth start`: the simulated maker's sign-in on loopback for the
// demo and the e2e tests. PORT (4500), HOST (127.0.0.1) and MAKER_REDIRECT_URIS (the
// portal's callback, comma-separated) configure it.
const host = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? 4500);
const redirectUris = (process.env.MAKER_REDIRECT_URIS ?? "http://127.0.0.1:4400/device-auth/callback").split(",").map((uri) => uri.trim());

const maker = await startMakerServer({ host, port, clients: [{ ...DEMO_MAKER_CLIENT, redirectUris }] });
console.log(JSON.stringify({ msg: "maker sign-in listening", issuer: maker.issuer }));
const stop = () => void maker.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
