// The relying party's back-channel logout endpoint (OIDC Back-Channel Logout 1.0 §2.5), served
// on 127.0.0.1 by the driver: it keeps every logout token the OP POSTs to it.
import http from 'node:http';

export async function startLogoutReceiver() {
  const tokens = [];
  const waiters = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const token = new URLSearchParams(body).get('logout_token');
      if (req.method === 'POST' && token) {
        tokens.push({ path: req.url, token });
        waiters.splice(0).forEach((wake) => wake());
        res.writeHead(200, { 'cache-control': 'no-store' }).end();
      } else {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    uri: (name) => `http://127.0.0.1:${server.address().port}/backchannel/${name}`,
    /** The logout token delivered for client `name`, waiting up to `ms` for it. */
    async take(name, ms = 5000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = tokens.find((t) => t.path === `/backchannel/${name}`);
        if (found) return found.token;
        if (Date.now() > deadline) throw new Error(`no logout token delivered to /backchannel/${name}`);
        await new Promise((resolve) => { waiters.push(resolve); setTimeout(resolve, 100); });
      }
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
