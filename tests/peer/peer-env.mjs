// Shared helpers for the peer tests: the environment run-peer.sh prepared, the official Node
// SDK as installed there, the emulator's control API, opentokctl, and an independent decoder
// for session ids and client tokens (reference §4.3 and §5.5), written here from the spec.
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

function need(name) {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the peer tests through run-peer.sh (meson test --suite peer)`);
  return value;
}

export const apiKey = need('OTD_PEER_API_KEY');
export const apiSecret = readFileSync(need('OTD_PEER_API_SECRET_FILE'), 'utf8').replace(/\n$/, '');
export const emulatorUrl = need('OTD_PEER_EMULATOR_URL');
const busAddress = need('OTD_PEER_BUS_ADDRESS');
const ctlPath = need('OTD_PEER_CTL');
const sdkDir = need('OTD_PEER_SDK_DIR');

// the SDK as npm installed it into the scratch folder; its error constructors come from the
// same module instance, so instanceof works on what it hands back
const sdkRequire = createRequire(path.join(sdkDir, 'node_modules', 'opentok', 'package.json'));
export const OpenTok = sdkRequire('opentok');
export const sdkErrors = sdkRequire('./lib/errors.js');
export const sdkVersion = sdkRequire('./package.json').version;

export function newSdk() {
  return new OpenTok(apiKey, apiSecret, { apiUrl: emulatorUrl });
}

// call an SDK method that takes a node-style callback; resolves to {err, args} and never rejects,
// so that a test can look at both halves (the SDK sometimes passes an error in second position)
export function sdkCall(target, method, ...args) {
  return new Promise((resolve) => {
    let done = false;
    const timer = setTimeout(() => finish(new Error(`SDK ${method} never called back`), []), 20000);
    function finish(err, rest) {
      if (done)
        return;
      done = true;
      clearTimeout(timer);
      resolve({ err, args: rest });
    }
    try {
      target[method](...args, (err, ...rest) => finish(err, rest));
    } catch (e) {
      finish(e, []);
    }
  });
}

// the emulator: REST control API and authenticated REST API
export async function emu(method, urlPath, body, headers = {}) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(emulatorUrl + urlPath, { ...init, signal: AbortSignal.timeout(15000) });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json, text };
}

export async function emuSession(sessionId) {
  const r = await emu('GET', `/_emulator/sessions/${sessionId}`);
  if (r.status !== 200)
    throw new Error(`emulator has no session ${sessionId}: ${r.status} ${r.text}`);
  return r.json;
}

export async function join(sessionId, token) {
  return emu('POST', `/_emulator/sessions/${sessionId}/clients`, { token });
}

export async function clients(sessionId) {
  const r = await emu('GET', `/_emulator/sessions/${sessionId}/clients`);
  if (r.status !== 200)
    throw new Error(`client list of ${sessionId}: ${r.status} ${r.text}`);
  return r.json;
}

// a simulated client publishes a stream; extra may set videoType, layoutClassList or a streamId
export async function publish(sessionId, connectionId, name = 'camera', extra = {}) {
  const r = await emu('POST', `/_emulator/sessions/${sessionId}/clients/${connectionId}/streams`,
    { videoType: 'camera', name, ...extra });
  if (r.status !== 201)
    throw new Error(`publish in ${sessionId}: ${r.status} ${r.text}`);
  return r.json.streamId;
}

// the emulator's request log, oldest first
export async function requests() {
  const r = await emu('GET', '/_emulator/requests');
  if (r.status !== 200)
    throw new Error(`request log: ${r.status} ${r.text}`);
  return Array.isArray(r.json) ? r.json : r.json.requests;
}

function header(entry, name) {
  const key = Object.keys(entry.headers || {}).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : entry.headers[key];
}
export { header as requestHeader };

// the newest logged request of one side ('sdk' or 'daemon') that passes the filter
export async function lastRequest(side, filter) {
  const prefix = side === 'sdk' ? 'OpenTok-Node-SDK/' : 'opentokd/';
  const all = await requests();
  for (let i = all.length - 1; i >= 0; i--) {
    const e = all[i];
    if ((header(e, 'User-Agent') || '').startsWith(prefix) && filter(e))
      return e;
  }
  throw new Error(`no ${side} request matched in the emulator's log`);
}

export function requestCount() {
  return requests().then((all) => all.length);
}

// opentokctl on the private bus, always with --json; resolves to {code, stdout, stderr, json}
export function ctl(...args) {
  return new Promise((resolve) => {
    execFile(ctlPath, [`--bus-address=${busAddress}`, '--json', ...args],
      { timeout: 30000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        let code = 0;
        if (error)
          code = typeof error.code === 'number' ? error.code : -1;
        let json = null;
        try {
          json = stdout.trim() ? JSON.parse(stdout) : null;
        } catch {
          json = null;
        }
        resolve({ code, stdout, stderr, json });
      });
  });
}

// opentokctl that must succeed; returns its JSON
export async function ctlOk(...args) {
  const r = await ctl(...args);
  if (r.code !== 0)
    throw new Error(`opentokctl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.json;
}

// session id: drop the 2-character version prefix, undo the URL-safe alphabet, base64-decode
export function decodeSessionId(sessionId) {
  const b64 = sessionId.slice(2).replace(/-/g, '+').replace(/_/g, '/');
  return Buffer.from(b64, 'base64').toString('utf8').split('~');
}

function b64urlDecode(s) {
  return Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

// An independent check of a client token, from reference §5.5 (not from any SDK): returns the
// claims for a valid token, throws with the reason otherwise.
export function verifyToken(token, expectSessionId) {
  const now = Math.floor(Date.now() / 1000);
  const roles = ['subscriber', 'publisher', 'publisheronly', 'moderator'];
  let claims;
  if (token.startsWith('T1==')) {
    const plain = b64urlDecode(token.slice(4)).toString('utf8');
    const colon = plain.indexOf(':');
    if (colon < 0)
      throw new Error('T1: no ":" between metadata and data');
    const meta = new URLSearchParams(plain.slice(0, colon));
    const data = plain.slice(colon + 1);
    if ([...meta.keys()].sort().join(',') !== 'partner_id,sig')
      throw new Error(`T1: metadata keys ${[...meta.keys()]}`);
    if (meta.get('partner_id') !== apiKey)
      throw new Error('T1: partner_id is not the API key');
    const want = createHmac('sha1', apiSecret).update(data, 'utf8').digest();
    const got = Buffer.from(meta.get('sig'), 'hex');
    if (got.length !== want.length || !timingSafeEqual(got, want))
      throw new Error('T1: bad signature');
    claims = Object.fromEntries(new URLSearchParams(data));
    for (const k of ['session_id', 'create_time', 'nonce', 'role'])
      if (!(k in claims))
        throw new Error(`T1: no ${k}`);
    claims.create_time = Number(claims.create_time);
    if ('expire_time' in claims) {
      if (!/^\d+$/.test(claims.expire_time))
        throw new Error('T1: expire_time is not an integer');
      claims.expire_time = Number(claims.expire_time);
      if (claims.expire_time < now || claims.expire_time > claims.create_time + 30 * 86400)
        throw new Error('T1: expire_time out of range');
    }
    if ('scope' in claims && claims.scope !== 'session.connect')
      throw new Error('T1: scope');
  } else {
    const parts = token.split('.');
    if (parts.length !== 3)
      throw new Error('JWT: not three segments');
    const head = JSON.parse(b64urlDecode(parts[0]).toString('utf8'));
    if (head.alg !== 'HS256' || ('typ' in head && head.typ !== 'JWT'))
      throw new Error(`JWT: header ${JSON.stringify(head)}`);
    const want = createHmac('sha256', apiSecret).update(`${parts[0]}.${parts[1]}`).digest();
    const got = b64urlDecode(parts[2]);
    if (got.length !== want.length || !timingSafeEqual(got, want))
      throw new Error('JWT: bad signature');
    claims = JSON.parse(b64urlDecode(parts[1]).toString('utf8'));
    if (claims.iss !== apiKey || claims.ist !== 'project' || claims.scope !== 'session.connect')
      throw new Error(`JWT: iss/ist/scope ${claims.iss}/${claims.ist}/${claims.scope}`);
    if (!Number.isInteger(claims.iat) || !('nonce' in claims))
      throw new Error('JWT: iat/nonce');
    if ('exp' in claims && (!Number.isInteger(claims.exp) || claims.exp <= now ||
                            claims.exp > claims.iat + 30 * 86400))
      throw new Error('JWT: exp out of range');
  }
  if (!roles.includes(claims.role))
    throw new Error(`role ${claims.role}`);
  if (decodeSessionId(claims.session_id)[1] !== apiKey)
    throw new Error('session does not belong to the API key');
  if (expectSessionId !== undefined && claims.session_id !== expectSessionId)
    throw new Error('token is for another session');
  if ('connection_data' in claims && (typeof claims.connection_data !== 'string' ||
                                      claims.connection_data.length > 1000))
    throw new Error('connection_data');
  return claims;
}

// the X-OPENTOK-AUTH JWT of a logged request, checked against the secret (reference §3)
export function authClaims(entry) {
  const jwt = header(entry, 'X-OPENTOK-AUTH');
  if (!jwt)
    throw new Error('no X-OPENTOK-AUTH header');
  const [h, p, s] = jwt.split('.');
  const want = createHmac('sha256', apiSecret).update(`${h}.${p}`).digest();
  const got = b64urlDecode(s);
  if (got.length !== want.length || !timingSafeEqual(got, want))
    throw new Error('X-OPENTOK-AUTH: bad signature');
  return {
    header: JSON.parse(b64urlDecode(h).toString('utf8')),
    claims: JSON.parse(b64urlDecode(p).toString('utf8')),
  };
}
