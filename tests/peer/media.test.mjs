// SIP and DTMF, Audio Connector, live captions and Experience Composer renders: the same
// operations done once with the official Node SDK and once with `opentokctl --json sip|
// audio-connector|captions|render …` (opentokd's sip, audio-connector, captions and renders
// plugins) against the same emulator. Each side has a routed session, where one simulated client
// joined with a token of that side and publishes a camera, and a relayed session. Compared: (a) the
// requests on the wire, from the emulator's request log, with ids and the client token masked;
// (b) what the emulator's control view shows (the SIP calls, audio connectors and render clients
// that joined, their streams, the DTMF each client received, the captions runs and the renders);
// (c) the results and the errors. Where the two differ the difference is asserted, not hidden;
// README.md lists them.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiKey, newSdk, sdkCall, sdkErrors, emu, join, clients, publish, requests, requestCount,
  requestHeader, ctl, ctlOk, verifyToken,
} from './peer-env.mjs';

const sdk = newSdk();
const base = `/v2/project/${apiKey}/`;
// shaped like an id (the emulator answers 400 for other shapes), never issued
const NOBODY = '00000000-0000-4000-8000-000000000000';

async function whyNot() {
  for (const command of ['sip', 'audio-connector', 'captions', 'render']) {
    const help = await ctl(command, '--help');
    if (help.code !== 0)
      return `opentokctl has no ${command} command (exit ${help.code}): media peer tests skipped`;
  }
  const r = await emu('GET', '/_emulator/captions');
  if (r.status !== 200)
    return `the emulator has no captions (GET /_emulator/captions: ${r.status}): media peer tests skipped`;
  return false;
}
const skip = await whyNot();
if (skip)
  console.log(`SKIP: ${skip}`);

// --- each side: its sessions, tokens and every id it met, known by name ----------------------

function newSide(ua) {
  return { ua, sessionId: null, relayedId: null, tokens: {}, relayedToken: null, names: new Map(), ids: {} };
}
const sdkSide = newSide('sdk');
const ourSide = newSide('daemon');
const sides = [sdkSide, ourSide];

function remember(side, name, id) {
  assert.equal(typeof id, 'string', `${side.ua}: no id for ${name}`);
  side.names.set(id, name);
  side.ids[name] = id;
}

// replace a side's ids by {name} in a path or a JSON text
function mask(text, side) {
  let out = text.split(side.sessionId).join('{session}').split(side.relayedId).join('{relayed}');
  for (const [id, name] of side.names)
    out = out.split(id).join(`{${name}}`);
  return out;
}
function masked(value, side) {
  return JSON.parse(mask(JSON.stringify(value), side));
}

// a logged request in comparable form: method, path below /v2/project/K/ with the ids masked,
// query, and the parsed JSON body with the ids masked and the client token as '{token}'
function wire(entry, side) {
  let body;
  if (entry.body) {
    const parsed = JSON.parse(entry.body);
    if (typeof parsed.token === 'string')
      parsed.token = '{token}';
    body = masked(parsed, side);
  }
  assert.ok(entry.path.startsWith(base), entry.path);
  return { method: entry.method, path: mask(entry.path.slice(base.length), side), query: entry.query, body };
}
function sentToken(entry) {
  return JSON.parse(entry.body).token;
}

// the requests of one side since `from`, a position in the log (the log is cleared first)
async function sentSince(side, from) {
  const prefix = side.ua === 'sdk' ? 'OpenTok-Node-SDK/' : 'opentokd/';
  return (await requests()).slice(from)
    .filter((e) => (requestHeader(e, 'User-Agent') || '').startsWith(prefix));
}

// run one side's call and return the one request it sent (asserting there was exactly one)
async function oneRequest(side, call) {
  const from = await requestCount();
  const result = await call();
  const sent = await sentSince(side, from);
  assert.equal(sent.length, 1, `${side.ua} sent ${sent.length} requests: ` +
    sent.map((e) => `${e.method} ${e.path}`).join(', '));
  return { result, entry: sent[0] };
}
async function sdkSends(method, ...args) {
  const { result, entry } = await oneRequest(sdkSide, () => sdkCall(sdk, method, ...args));
  return { ...result, entry };
}
async function ctlSends(...args) {
  const { result, entry } = await oneRequest(ourSide, () => ctl(...args));
  return { ...result, entry };
}

function sdkOk(r, what) {
  assert.ok(!r.err, `SDK ${what}: ${r.err && `${sdkErrorName(r.err)}: ${r.err.message}`}`);
}
function ctlOkResult(r, what) {
  assert.equal(r.code, 0, `opentokctl ${what} exited ${r.code}: ${r.stderr}`);
}

// both sides sent the same request, and it is the one expected (the path uses names)
function assertSameWire(sdkR, ourR, expected) {
  const w = wire(sdkR.entry, sdkSide);
  assert.deepEqual(wire(ourR.entry, ourSide), w);
  assert.deepEqual(w, { query: null, body: undefined, ...expected });
}

function assertCtlError(r, name, stderr) {
  assert.equal(r.code, 1, `opentokctl exited ${r.code}: ${r.stderr}`);
  assert.match(r.stderr, new RegExp(`^opentokctl: ${name}: `), r.stderr);
  if (stderr !== undefined)
    assert.match(r.stderr, stderr);
}

// a call refused before any request: opentokctl, or the SDK
async function ctlRefuses(name, ...args) {
  const from = await requestCount();
  const r = await ctl(...args);
  assertCtlError(r, name);
  assert.equal(await requestCount(), from, `opentokctl ${args.join(' ')} sent a request`);
  assert.doesNotMatch(r.stderr, /HTTP/);
  return r;
}
async function sdkRefuses(method, ...args) {
  const from = await requestCount();
  const r = await sdkCall(sdk, method, ...args);
  assert.ok(r.err, `SDK ${method} did not fail`);
  assert.equal(await requestCount(), from, `SDK ${method} sent a request`);
  return r;
}

function sdkErrorName(err) {
  return Object.keys(sdkErrors).find((k) => err instanceof sdkErrors[k]) ?? err?.constructor?.name;
}
function assertSdkError(r, cls, message) {
  assert.ok(r.err instanceof sdkErrors[cls],
    `SDK error ${r.err && `${sdkErrorName(r.err)}(${r.err.message})`}, expected ${cls}`);
  if (message !== undefined)
    assert.match(r.err.message, message);
}
// dial and websocketConnect wrap every failure in a plain Error, losing the SDK's class
function assertPlainError(r, message) {
  assert.ok(r.err, 'the SDK call succeeded');
  assert.equal(Object.getPrototypeOf(r.err), Error.prototype,
    `SDK error ${sdkErrorName(r.err)}(${r.err.message}), expected a plain Error`);
  assert.match(r.err.message, message);
}

// the SDK's request sent again as it was, to read the status (the SDK keeps none in its errors)
async function resend(entry) {
  return emu(entry.method, entry.path + (entry.query ? `?${entry.query}` : ''), entry.body || undefined,
    { 'X-OPENTOK-AUTH': sdk.generateJwt() });
}

// the token opentokd minted for a call made without --token: valid, for the session, this role
function assertMinted(entry, side, role) {
  const token = sentToken(entry);
  assert.ok(!Object.values(side.tokens).includes(token), 'opentokd sent one of the test\'s tokens');
  const claims = verifyToken(token, side.sessionId);
  assert.equal(claims.role, role);
}

function snake(key) {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
// a result in comparable form: snake_case keys (the SDK's are camelCase), ids masked, the times
// checked and left out
function result(obj, side) {
  const out = {};
  for (const [k, v] of Object.entries(obj))
    out[snake(k)] = v;
  for (const t of ['created_at', 'updated_at'])
    if (t in out) {
      assert.ok(Number.isInteger(out[t]), `${t}: ${out[t]}`);
      delete out[t];
    }
  return masked(out, side);
}

// --- what the emulator shows ----------------------------------------------------------------

// the clients of a side's routed session, by name, with every id masked
async function view(side) {
  const out = {};
  for (const c of await clients(side.sessionId)) {
    const { connectionId, createdAt, ...rest } = c;
    out[side.names.get(connectionId) ?? `<unknown ${connectionId}>`] = masked(rest, side);
  }
  return out;
}
// name the streams of a client the service brought in: NAME-stream
async function learnStreams(side, name) {
  const c = (await clients(side.sessionId)).find((x) => x.connectionId === side.ids[name]);
  assert.ok(c, `${side.ua}: ${name} is not in the session`);
  c.streams.forEach((s, i) => remember(side, i ? `${name}-stream${i}` : `${name}-stream`, s.streamId));
}

// what each side's clients must show, kept up to date by the tests
const models = { sdk: {}, daemon: {} };
function both(fn) {
  fn(models.sdk, sdkSide);
  fn(models.daemon, ourSide);
}
function stream(name, { hasVideo = true, streamName = '' } = {}) {
  return { streamId: `{${name}}`, videoType: 'camera', name: streamName, layoutClassList: [], muted: false, hasVideo };
}
function client(data, streams, extra = {}) {
  return { role: 'publisher', data, initialLayoutClassList: '', streams, signals: [], dtmf: [], ...extra };
}
async function assertViews() {
  for (const side of sides)
    assert.deepEqual(await view(side), models[side.ua], `control view of the ${side.ua} side`);
}

// a side's captions runs and renders in the control view, ids masked, times left out
async function captionsView(side, name) {
  const all = (await emu('GET', '/_emulator/captions')).json;
  const c = all.find((x) => x.captionsId === side.ids[name]);
  assert.ok(c, `${side.ua}: no captions ${name}`);
  const { createdAt, updatedAt, ...rest } = c;
  return masked(rest, side);
}
async function renderView(side, name) {
  const all = (await emu('GET', '/_emulator/renders')).json;
  const r = all.find((x) => x.id === side.ids[name]);
  assert.ok(r, `${side.ua}: no render ${name}`);
  const { createdAt, updatedAt, ...rest } = r;
  return masked(rest, side);
}

// --- the tests ----------------------------------------------------------------------------

describe('SIP, DTMF, audio connector, captions and renders: Node SDK and opentokctl side by side',
  { skip }, () => {
    before(async () => {
      // positions in the request log must stay valid: start this file with an empty log
      assert.equal((await emu('DELETE', '/_emulator/requests')).status, 204);
      let r = await sdkCall(sdk, 'createSession', { mediaMode: 'routed' });
      assert.ok(!r.err, r.err && r.err.message);
      sdkSide.sessionId = r.args[0].sessionId;
      r = await sdkCall(sdk, 'createSession', { mediaMode: 'relayed' });
      assert.ok(!r.err, r.err && r.err.message);
      sdkSide.relayedId = r.args[0].sessionId;
      for (const role of ['publisher', 'moderator', 'subscriber'])
        sdkSide.tokens[role] = sdk.generateToken(sdkSide.sessionId, { role });
      sdkSide.relayedToken = sdk.generateToken(sdkSide.relayedId, { role: 'moderator' });

      ourSide.sessionId = (await ctlOk('session', 'create', '--media-mode', 'routed')).session_id;
      ourSide.relayedId = (await ctlOk('session', 'create', '--media-mode', 'relayed')).session_id;
      for (const role of ['publisher', 'moderator', 'subscriber'])
        ourSide.tokens[role] = (await ctlOk('token', ourSide.sessionId, '--role', role)).token;
      ourSide.relayedToken = (await ctlOk('token', ourSide.relayedId, '--role', 'moderator')).token;

      for (const side of sides) {
        const j = await join(side.sessionId, side.tokens.publisher);
        assert.equal(j.status, 201, `alice joins: ${j.text}`);
        remember(side, 'alice', j.json.connectionId);
        remember(side, 'alice-cam', await publish(side.sessionId, side.ids.alice, 'alice-cam'));
      }
      both((m) => {
        m.alice = client('', [stream('alice-cam', { streamName: 'alice-cam' })]);
      });
      await assertViews();
    });

    // --- SIP and DTMF ---

    const sipUri = 'sip:+15128675309@sip.example.com;transport=tls';
    const sipFrom = '14155550101@example.com';
    const sipHeaders = { 'X-Room': 'peer-4', 'P-Note': 'a=b; c' };
    const sipAuth = { username: 'bob', password: 'p:ss=w' };

    it('dial with every SIP option: same request, same call joins with its stream', async () => {
      const s = await sdkSends('dial', sdkSide.sessionId, sdkSide.tokens.publisher, sipUri, {
        from: sipFrom, headers: sipHeaders, auth: sipAuth, secure: true, video: true,
        observeForceMute: true, streams: [sdkSide.ids['alice-cam']],
      });
      sdkOk(s, 'dial');
      const o = await ctlSends('sip', 'dial', ourSide.sessionId, sipUri, '--token', ourSide.tokens.publisher,
        '--from', sipFrom, '--header', 'X-Room=peer-4', '--header', 'P-Note=a=b; c',
        '--auth', 'bob:p:ss=w', '--secure', '--video', '--observe-force-mute',
        '--stream', ourSide.ids['alice-cam']);
      ctlOkResult(o, 'sip dial');
      assertSameWire(s, o, {
        method: 'POST', path: 'dial',
        body: {
          sessionId: '{session}', token: '{token}',
          sip: {
            uri: sipUri, from: sipFrom, headers: sipHeaders, auth: sipAuth, secure: true, video: true,
            observeForceMute: true, streams: ['{alice-cam}'],
          },
        },
      });
      assert.equal(sentToken(s.entry), sdkSide.tokens.publisher);
      assert.equal(sentToken(o.entry), ourSide.tokens.publisher);

      // the SDK hands back a SipInterconnect with the API's fields, opentokd the same in snake_case
      assert.equal(s.args[0].constructor.name, 'SipInterconnect');
      for (const [side, res] of [[sdkSide, s.args[0]], [ourSide, o.json]]) {
        const r = result(res, side);
        remember(side, 'sip-full-call', r.id);
        remember(side, 'sip-full', r.connection_id);
        remember(side, 'sip-full-stream', r.stream_id);
        assert.deepEqual(result(res, side), {
          id: '{sip-full-call}', project_id: apiKey, session_id: '{session}',
          connection_id: '{sip-full}', stream_id: '{sip-full-stream}',
        });
      }
      both((m) => {
        m['sip-full'] = client(sipUri, [stream('sip-full-stream')], {
          sip: true,
          sipCall: {
            id: '{sip-full-call}', uri: sipUri, from: sipFrom, headers: sipHeaders, auth: sipAuth,
            secure: true, video: true, observeForceMute: true, streams: ['{alice-cam}'],
          },
        });
      });
      await assertViews();
    });

    it('dial with the URI alone: the SDK needs a token, opentokd mints a publisher one', async () => {
      const uri = 'sip:carol@example.com';
      const refused = await sdkRefuses('dial', sdkSide.sessionId, '', uri);
      assertSdkError(refused, 'ArgumentError', /^No token given$/);

      const s = await sdkSends('dial', sdkSide.sessionId, sdkSide.tokens.publisher, uri);
      sdkOk(s, 'dial');
      const o = await ctlSends('sip', 'dial', ourSide.sessionId, uri);
      ctlOkResult(o, 'sip dial');
      assertSameWire(s, o, {
        method: 'POST', path: 'dial', body: { sessionId: '{session}', token: '{token}', sip: { uri } },
      });
      assertMinted(o.entry, ourSide, 'publisher');
      for (const [side, res] of [[sdkSide, s.args[0]], [ourSide, o.json]]) {
        remember(side, 'sip-min-call', res.id);
        remember(side, 'sip-min', res.connectionId ?? res.connection_id);
        remember(side, 'sip-min-stream', res.streamId ?? res.stream_id);
      }
      // no video asked for: the call's stream is audio only
      both((m) => {
        m['sip-min'] = client(uri, [stream('sip-min-stream', { hasVideo: false })], {
          sip: true,
          sipCall: {
            id: '{sip-min-call}', uri, headers: {}, secure: false, video: false, observeForceMute: false,
            streams: [],
          },
        });
      });
      await assertViews();
    });

    it('DTMF to the session: same request; every client, SIP or not, gets the digits', async () => {
      const digits = '0123456789*#p';
      const s = await sdkSends('playDTMF', sdkSide.sessionId, null, digits);
      sdkOk(s, 'playDTMF');
      assert.deepEqual(s.args, []);
      const o = await ctlSends('sip', 'dtmf', ourSide.sessionId, digits);
      ctlOkResult(o, 'sip dtmf');
      assert.equal(o.stdout, '');
      assertSameWire(s, o, { method: 'POST', path: 'session/{session}/play-dtmf', body: { digits } });
      both((m) => {
        for (const c of Object.values(m))
          c.dtmf.push(digits);
      });
      await assertViews();
    });

    it('DTMF to the SIP call alone: same request; only the call gets the digits', async () => {
      const digits = '9p#';
      const s = await sdkSends('playDTMF', sdkSide.sessionId, sdkSide.ids['sip-full'], digits);
      sdkOk(s, 'playDTMF');
      const o = await ctlSends('sip', 'dtmf', ourSide.sessionId, digits, '--to', ourSide.ids['sip-full']);
      ctlOkResult(o, 'sip dtmf');
      assertSameWire(s, o, {
        method: 'POST', path: 'session/{session}/connection/{sip-full}/play-dtmf', body: { digits },
      });
      both((m) => m['sip-full'].dtmf.push(digits));
      await assertViews();
    });

    // --- Audio Connector ---

    const wsUri = 'wss://audio.example.com/socket?room=peer';
    const wsHeaders = { 'X-Room': 'peer-4', Authorization: 'Bearer abc=' };

    it('audio connector with streams, headers, bidirectional and audioRate: the SDK drops audioRate', async () => {
      const s = await sdkSends('websocketConnect', sdkSide.sessionId, sdkSide.tokens.publisher, wsUri, {
        streams: [sdkSide.ids['alice-cam']], headers: wsHeaders, bidirectional: true, audioRate: 16000,
      });
      sdkOk(s, 'websocketConnect');
      const o = await ctlSends('audio-connector', 'connect', ourSide.sessionId, wsUri,
        '--token', ourSide.tokens.publisher, '--stream', ourSide.ids['alice-cam'],
        '--header', 'X-Room=peer-4', '--header', 'Authorization=Bearer abc=', '--bidirectional',
        '--audio-rate', '16000');
      ctlOkResult(o, 'audio-connector connect');
      const body = {
        sessionId: '{session}', token: '{token}',
        websocket: { uri: wsUri, streams: ['{alice-cam}'], headers: wsHeaders, bidirectional: true },
      };
      // everything else is equal; websocketConnect copies only streams, headers and bidirectional
      assert.deepEqual(wire(s.entry, sdkSide), { method: 'POST', path: 'connect', query: null, body });
      body.websocket.audioRate = 16000;
      assert.deepEqual(wire(o.entry, ourSide), { method: 'POST', path: 'connect', query: null, body });
      assert.equal(sentToken(s.entry), sdkSide.tokens.publisher);
      assert.equal(sentToken(o.entry), ourSide.tokens.publisher);

      // the SDK passes the API's JSON through, opentokd gives it in snake_case
      assert.deepEqual(Object.keys(s.args[0]).sort(), ['connectionId', 'id']);
      assert.deepEqual(Object.keys(o.json).sort(), ['connection_id', 'id']);
      for (const [side, res] of [[sdkSide, s.args[0]], [ourSide, o.json]]) {
        remember(side, 'ws-full-id', res.id);
        remember(side, 'ws-full', res.connectionId ?? res.connection_id);
        // a bidirectional connector publishes the audio coming back
        await learnStreams(side, 'ws-full');
      }
      both((m, side) => {
        m['ws-full'] = client(wsUri, [stream('ws-full-stream', { hasVideo: false })], {
          websocket: true,
          audioConnector: {
            id: '{ws-full-id}', uri: wsUri, audioRate: side === sdkSide ? 8000 : 16000,
            streams: ['{alice-cam}'], headers: wsHeaders, bidirectional: true,
          },
        });
      });
      await assertViews();
    });

    it('audio connector with the URI alone: the SDK needs a token, opentokd mints a publisher one', async () => {
      const uri = 'ws://audio.example.com:8080/plain';
      const refused = await sdkRefuses('websocketConnect', sdkSide.sessionId, '', uri, {});
      assertPlainError(refused, /^No token given to websocketConnect$/);

      const s = await sdkSends('websocketConnect', sdkSide.sessionId, sdkSide.tokens.publisher, uri, {});
      sdkOk(s, 'websocketConnect');
      const o = await ctlSends('audio-connector', 'connect', ourSide.sessionId, uri);
      ctlOkResult(o, 'audio-connector connect');
      assertSameWire(s, o, {
        method: 'POST', path: 'connect', body: { sessionId: '{session}', token: '{token}', websocket: { uri } },
      });
      assertMinted(o.entry, ourSide, 'publisher');
      for (const [side, res] of [[sdkSide, s.args[0]], [ourSide, o.json]]) {
        remember(side, 'ws-min-id', res.id);
        remember(side, 'ws-min', res.connectionId ?? res.connection_id);
      }
      both((m) => {
        m['ws-min'] = client(uri, [], {
          websocket: true,
          audioConnector: { id: '{ws-min-id}', uri, audioRate: 8000, streams: [], headers: {}, bidirectional: false },
        });
      });
      await assertViews();
    });

    // --- live captions ---

    const captionsCallback = 'https://example.com/captions/status';
    let sdkCaptionsStart = null; // the SDK's start request, sent again at the end

    it('captions with every option: the SDK drops statusCallbackUrl', async () => {
      const s = await sdkSends('startCaptions', sdkSide.sessionId, sdkSide.tokens.moderator, {
        languageCode: 'fr-CA', maxDuration: 600, partialCaptions: false, statusCallbackUrl: captionsCallback,
      });
      sdkOk(s, 'startCaptions');
      sdkCaptionsStart = s.entry;
      const o = await ctlSends('captions', 'start', ourSide.sessionId, '--token', ourSide.tokens.moderator,
        '--language', 'fr-CA', '--max-duration', '600', '--no-partial-captions',
        '--status-callback-url', captionsCallback);
      ctlOkResult(o, 'captions start');
      const body = {
        sessionId: '{session}', token: '{token}', languageCode: 'fr-CA', maxDuration: 600, partialCaptions: false,
      };
      assert.deepEqual(wire(s.entry, sdkSide), { method: 'POST', path: 'captions', query: null, body });
      assert.deepEqual(wire(o.entry, ourSide), {
        method: 'POST', path: 'captions', query: null, body: { ...body, statusCallbackUrl: captionsCallback },
      });
      assert.equal(sentToken(s.entry), sdkSide.tokens.moderator);
      assert.equal(sentToken(o.entry), ourSide.tokens.moderator);

      // the SDK gives the bare id, opentokd {captions_id}
      assert.equal(typeof s.args[0], 'string');
      assert.deepEqual(Object.keys(o.json), ['captions_id']);
      remember(sdkSide, 'captions-full', s.args[0]);
      remember(ourSide, 'captions-full', o.json.captions_id);
      const run = {
        captionsId: '{captions-full}', sessionId: '{session}', projectId: apiKey, status: 'started',
        languageCode: 'fr-CA', maxDuration: 600, partialCaptions: false,
      };
      assert.deepEqual(await captionsView(sdkSide, 'captions-full'), run);
      assert.deepEqual(await captionsView(ourSide, 'captions-full'), { ...run, statusCallbackUrl: captionsCallback });
      // captions bring in no client
      await assertViews();
    });

    it('captions a second time while they run: 409; the SDK calls it CaptionsError, not an Error', async () => {
      const s = await sdkSends('startCaptions', sdkSide.sessionId, sdkSide.tokens.moderator, {});
      assertSdkError(s, 'CaptionsError', /^Live captions have already started for this OpenTok Session$/);
      assert.ok(!(s.err instanceof Error), 'CaptionsError is no longer outside the Error hierarchy');
      const o = await ctlSends('captions', 'start', ourSide.sessionId, '--token', ourSide.tokens.moderator);
      assertCtlError(o, 'Conflict', /409.*already started/);
      assert.equal((await resend(s.entry)).status, 409);
      assert.equal(wire(o.entry, ourSide).path, wire(s.entry, sdkSide).path);
      for (const side of sides)
        assert.equal((await captionsView(side, 'captions-full')).status, 'started');
    });

    it('stop captions: same request (no body), 202; stopping again is 409', async () => {
      const s = await sdkSends('stopCaptions', sdkSide.ids['captions-full']);
      sdkOk(s, 'stopCaptions');
      assert.deepEqual(s.args, [true]);
      const o = await ctlSends('captions', 'stop', ourSide.ids['captions-full']);
      ctlOkResult(o, 'captions stop');
      assert.equal(o.stdout, '');
      assertSameWire(s, o, { method: 'POST', path: 'captions/{captions-full}/stop' });
      assert.equal(s.entry.body, '');
      assert.equal(o.entry.body, '');
      for (const side of sides)
        assert.equal((await captionsView(side, 'captions-full')).status, 'stopped');

      const s2 = await sdkSends('stopCaptions', sdkSide.ids['captions-full']);
      assertSdkError(s2, 'RequestError', /already stopped/);
      const o2 = await ctlSends('captions', 'stop', ourSide.ids['captions-full']);
      assertCtlError(o2, 'Conflict', /409.*already stopped/);
      assertSameWire(s2, o2, { method: 'POST', path: 'captions/{captions-full}/stop' });

      // the statuses behind the SDK's success (Appendix A item 7): its start request again is 202
      // with the id, and stopping that run is 202 with an empty body
      const again = await resend(sdkCaptionsStart);
      assert.equal(again.status, 202, again.text);
      assert.deepEqual(Object.keys(again.json), ['captionsId']);
      const stop = await emu('POST', `${base}captions/${again.json.captionsId}/stop`, undefined,
        { 'X-OPENTOK-AUTH': sdk.generateJwt() });
      assert.equal(stop.status, 202);
      assert.equal(stop.text, '');
    });

    it('captions without options: the SDK sends its defaults, opentokd mints a moderator token', async () => {
      const s = await sdkSends('startCaptions', sdkSide.sessionId, sdkSide.tokens.moderator, {});
      sdkOk(s, 'startCaptions');
      const o = await ctlSends('captions', 'start', ourSide.sessionId);
      ctlOkResult(o, 'captions start');
      assert.deepEqual(wire(s.entry, sdkSide).body, {
        sessionId: '{session}', token: '{token}', languageCode: 'en-US', maxDuration: 14400, partialCaptions: true,
      });
      assert.deepEqual(wire(o.entry, ourSide).body, { sessionId: '{session}', token: '{token}' });
      assertMinted(o.entry, ourSide, 'moderator');
      remember(sdkSide, 'captions-min', s.args[0]);
      remember(ourSide, 'captions-min', o.json.captions_id);
      // the same run either way: the SDK's defaults are the service's
      const run = {
        captionsId: '{captions-min}', sessionId: '{session}', projectId: apiKey, status: 'started',
        languageCode: 'en-US', maxDuration: 14400, partialCaptions: true,
      };
      for (const side of sides)
        assert.deepEqual(await captionsView(side, 'captions-min'), run);

      const s2 = await sdkSends('stopCaptions', sdkSide.ids['captions-min']);
      sdkOk(s2, 'stopCaptions');
      const o2 = await ctlSends('captions', 'stop', ourSide.ids['captions-min']);
      ctlOkResult(o2, 'captions stop');
      assertSameWire(s2, o2, { method: 'POST', path: 'captions/{captions-min}/stop' });
    });

    // --- Experience Composer renders ---

    const renderUrl = 'https://example.com/peer/render-page';
    const renderCallback = 'https://example.com/render/status';

    it('start a render with every option: the SDK drops properties; 202 "starting"', async () => {
      const s = await sdkSends('startRender', {
        sessionId: sdkSide.sessionId, token: sdkSide.tokens.publisher, url: renderUrl, maxDuration: 120,
        resolution: '640x480', properties: { name: 'page' }, statusCallbackUrl: renderCallback,
      });
      sdkOk(s, 'startRender');
      const o = await ctlSends('render', 'start', ourSide.sessionId, renderUrl, '--token', ourSide.tokens.publisher,
        '--max-duration', '120', '--resolution', '640x480', '--name', 'page',
        '--status-callback-url', renderCallback);
      ctlOkResult(o, 'render start');
      const body = {
        sessionId: '{session}', token: '{token}', url: renderUrl, maxDuration: 120, resolution: '640x480',
        statusCallbackUrl: renderCallback,
      };
      assert.deepEqual(wire(s.entry, sdkSide), { method: 'POST', path: 'render', query: null, body });
      assert.deepEqual(wire(o.entry, ourSide), {
        method: 'POST', path: 'render', query: null, body: { ...body, properties: { name: 'page' } },
      });
      assert.equal(sentToken(s.entry), sdkSide.tokens.publisher);
      assert.equal(sentToken(o.entry), ourSide.tokens.publisher);
      // the SDK's callback also gets the HTTP response
      assert.equal(s.args[1].status, 202);

      remember(sdkSide, 'render-full', s.args[0].id);
      remember(ourSide, 'render-full', o.json.id);
      const render = {
        id: '{render-full}', session_id: '{session}', project_id: apiKey, url: renderUrl, resolution: '640x480',
        status: 'starting',
      };
      assert.deepEqual(result(s.args[0], sdkSide), render);
      assert.deepEqual(result(o.json, ourSide), { ...render, name: 'page' });

      // started at once (any read a second after the start would do the same): the render's
      // client joins and publishes
      for (const side of sides) {
        const r = await emu('POST', `/_emulator/renders/${side.ids['render-full']}/status`, { status: 'started' });
        assert.equal(r.status, 200, r.text);
        remember(side, 'render-full-client', r.json.connectionId);
        remember(side, 'render-full-stream', r.json.streamId);
      }
      const control = {
        id: '{render-full}', sessionId: '{session}', projectId: apiKey, url: renderUrl, resolution: '640x480',
        status: 'started', streamId: '{render-full-stream}', connectionId: '{render-full-client}',
        maxDuration: 120, statusCallbackUrl: renderCallback,
      };
      assert.deepEqual(await renderView(sdkSide, 'render-full'), control);
      assert.deepEqual(await renderView(ourSide, 'render-full'), { ...control, name: 'page' });
      // the stream carries properties.name: unnamed on the SDK's side
      both((m, side) => {
        m['render-full-client'] = client(renderUrl,
          [stream('render-full-stream', { streamName: side === sdkSide ? '' : 'page' })],
          { render: true, renderId: '{render-full}' });
      });
      await assertViews();
    });

    it('get a render: same request, same render but for the name', async () => {
      const s = await sdkSends('getRender', sdkSide.ids['render-full']);
      sdkOk(s, 'getRender');
      const o = await ctlSends('render', 'get', ourSide.ids['render-full']);
      ctlOkResult(o, 'render get');
      assertSameWire(s, o, { method: 'GET', path: 'render/{render-full}' });
      const render = {
        id: '{render-full}', session_id: '{session}', project_id: apiKey, url: renderUrl, resolution: '640x480',
        status: 'started', stream_id: '{render-full-stream}',
      };
      assert.deepEqual(result(s.args[0], sdkSide), render);
      assert.deepEqual(result(o.json, ourSide), { ...render, name: 'page' });
    });

    it('list renders: the SDK leaves offset=0 out; the same list', async () => {
      const s = await sdkSends('listRenders', { offset: 0, count: 2 });
      sdkOk(s, 'listRenders');
      const o = await ctlSends('render', 'list', '--offset', '0', '--count', '2');
      ctlOkResult(o, 'render list');
      const sw = wire(s.entry, sdkSide);
      assert.deepEqual({ ...sw, query: null }, { ...wire(o.entry, ourSide), query: null });
      assert.deepEqual(sw, { method: 'GET', path: 'render', query: 'count=2', body: undefined });
      assert.equal(o.entry.query, 'offset=0&count=2');
      // one list of every render of the project, newest first: the two just started
      const sdkItems = s.args[0].items.map((x) => result(x, sdkSide));
      assert.equal(s.args[0].count, o.json.total);
      assert.deepEqual(sdkItems, o.json.items.map((x) => result(x, sdkSide)));
      assert.deepEqual(s.args[0].items.map((x) => x.id).sort(),
        [sdkSide.ids['render-full'], ourSide.ids['render-full']].sort());
    });

    it('stop a render: same request (no body), 204; its client leaves; stopping again is 404', async () => {
      const s = await sdkSends('stopRender', sdkSide.ids['render-full']);
      sdkOk(s, 'stopRender');
      assert.equal(s.args[0], '');
      assert.equal(s.args[1].status, 204);
      const o = await ctlSends('render', 'stop', ourSide.ids['render-full']);
      ctlOkResult(o, 'render stop');
      assert.equal(o.stdout, '');
      assertSameWire(s, o, { method: 'DELETE', path: 'render/{render-full}' });
      both((m) => delete m['render-full-client']);
      await assertViews();
      for (const side of sides) {
        const r = await renderView(side, 'render-full');
        assert.equal(r.status, 'stopped');
        assert.equal(r.reason, 'User requested');
        assert.equal(r.streamId, '{render-full-stream}');
        assert.ok(!('connectionId' in r));
      }

      const s2 = await sdkSends('stopRender', sdkSide.ids['render-full']);
      assertSdkError(s2, 'NotFoundError');
      const o2 = await ctlSends('render', 'stop', ourSide.ids['render-full']);
      assertCtlError(o2, 'NotFound', /404.*not running/);
      assertSameWire(s2, o2, { method: 'DELETE', path: 'render/{render-full}' });
    });

    it('render without options: the SDK sends maxDuration 1800, opentokd mints a publisher token', async () => {
      const url = 'https://example.com/peer/minimal';
      const s = await sdkSends('startRender', { sessionId: sdkSide.sessionId, token: sdkSide.tokens.publisher, url });
      sdkOk(s, 'startRender');
      const o = await ctlSends('render', 'start', ourSide.sessionId, url);
      ctlOkResult(o, 'render start');
      // the SDK's default duration is not the service's 7200
      assert.deepEqual(wire(s.entry, sdkSide).body,
        { sessionId: '{session}', token: '{token}', url, maxDuration: 1800, resolution: '1280x720' });
      assert.deepEqual(wire(o.entry, ourSide).body, { sessionId: '{session}', token: '{token}', url });
      assertMinted(o.entry, ourSide, 'publisher');
      remember(sdkSide, 'render-min', s.args[0].id);
      remember(ourSide, 'render-min', o.json.id);
      for (const [side, duration] of [[sdkSide, 1800], [ourSide, 7200]]) {
        const r = await renderView(side, 'render-min');
        assert.equal(r.maxDuration, duration);
        assert.equal(r.resolution, '1280x720');
      }
      const s2 = await sdkSends('stopRender', sdkSide.ids['render-min']);
      sdkOk(s2, 'stopRender');
      const o2 = await ctlSends('render', 'stop', ourSide.ids['render-min']);
      ctlOkResult(o2, 'render stop');
      assertSameWire(s2, o2, { method: 'DELETE', path: 'render/{render-min}' });
      // it may have started meanwhile (a read a second after the start); it has left either way
      await assertViews();
    });

    // --- the same failures ---

    it('relayed session: 409 for dial, connect and captions; the SDK loses the class or the cause', async () => {
      // dial: a plain Error around the RequestError's text
      let s = await sdkSends('dial', sdkSide.relayedId, sdkSide.relayedToken, 'sip:relayed@example.com');
      assertPlainError(s, /^Failed to dial endpoint\. Error: Unexpected response from OpenTok: .*Only routed sessions are allowed to dial out/);
      let o = await ctlSends('sip', 'dial', ourSide.relayedId, 'sip:relayed@example.com', '--token', ourSide.relayedToken);
      assertCtlError(o, 'Conflict', /409.*Only routed sessions are allowed to dial out/);
      assertSameWire(s, o, {
        method: 'POST', path: 'dial',
        body: { sessionId: '{relayed}', token: '{token}', sip: { uri: 'sip:relayed@example.com' } },
      });
      assert.equal((await resend(s.entry)).status, 409);

      // connect: the same, with another prefix
      s = await sdkSends('websocketConnect', sdkSide.relayedId, sdkSide.relayedToken, wsUri, {});
      assertPlainError(s, /^Error connecting to websocket: Unexpected response from OpenTok: .*Only routed sessions are allowed to connect audio streams/);
      o = await ctlSends('audio-connector', 'connect', ourSide.relayedId, wsUri, '--token', ourSide.relayedToken);
      assertCtlError(o, 'Conflict', /409.*Only routed sessions are allowed to connect audio streams/);
      assertSameWire(s, o, {
        method: 'POST', path: 'connect', body: { sessionId: '{relayed}', token: '{token}', websocket: { uri: wsUri } },
      });
      assert.equal((await resend(s.entry)).status, 409);

      // captions: the SDK turns every 409 into "already started", which is not the cause here
      s = await sdkSends('startCaptions', sdkSide.relayedId, sdkSide.relayedToken, {});
      assertSdkError(s, 'CaptionsError', /^Live captions have already started for this OpenTok Session$/);
      o = await ctlSends('captions', 'start', ourSide.relayedId, '--token', ourSide.relayedToken);
      assertCtlError(o, 'Conflict', /409.*Only routed sessions are allowed to start live captions/);
      assert.equal(wire(o.entry, ourSide).path, wire(s.entry, sdkSide).path);
      const again = await resend(s.entry);
      assert.equal(again.status, 409);
      assert.match(again.json.message, /Only routed sessions/);
    });

    it('a render on a relayed session works for both (renders need no routed session)', async () => {
      const url = 'https://example.com/peer/relayed';
      const s = await sdkSends('startRender', { sessionId: sdkSide.relayedId, token: sdkSide.relayedToken, url });
      sdkOk(s, 'startRender');
      const o = await ctlSends('render', 'start', ourSide.relayedId, url, '--token', ourSide.relayedToken);
      ctlOkResult(o, 'render start');
      assert.equal(s.args[0].status, 'starting');
      assert.equal(o.json.status, 'starting');
      const s2 = await sdkSends('stopRender', s.args[0].id);
      sdkOk(s2, 'stopRender');
      const o2 = await ctlSends('render', 'stop', o.json.id);
      ctlOkResult(o2, 'render stop');
    });

    // a token the API refuses: 403 for both; the role is not enough
    const refusedTokens = [
      { what: 'dial with a subscriber token', role: 'subscriber',
        sdk: (t) => sdkSends('dial', sdkSide.sessionId, t, 'sip:nobody@example.com'),
        ours: (t) => ctlSends('sip', 'dial', ourSide.sessionId, 'sip:nobody@example.com', '--token', t),
        sdkError: (r) => assertPlainError(r, /^Failed to dial endpoint\. Error: Invalid API key or secret$/) },
      { what: 'connect with a subscriber token', role: 'subscriber',
        sdk: (t) => sdkSends('websocketConnect', sdkSide.sessionId, t, wsUri, {}),
        ours: (t) => ctlSends('audio-connector', 'connect', ourSide.sessionId, wsUri, '--token', t),
        sdkError: (r) => assertPlainError(r, /^Error connecting to websocket: Invalid API key or secret$/) },
      { what: 'captions with a subscriber token', role: 'subscriber',
        sdk: (t) => sdkSends('startCaptions', sdkSide.sessionId, t, {}),
        ours: (t) => ctlSends('captions', 'start', ourSide.sessionId, '--token', t),
        sdkError: (r) => assertSdkError(r, 'AuthError', /^Invalid API key or secret$/) },
      { what: 'captions with a publisher token (captions need a moderator)', role: 'publisher',
        sdk: (t) => sdkSends('startCaptions', sdkSide.sessionId, t, {}),
        ours: (t) => ctlSends('captions', 'start', ourSide.sessionId, '--token', t),
        sdkError: (r) => assertSdkError(r, 'AuthError', /^Invalid API key or secret$/) },
      { what: 'a render with a subscriber token', role: 'subscriber',
        sdk: (t) => sdkSends('startRender', { sessionId: sdkSide.sessionId, token: t, url: renderUrl }),
        ours: (t) => ctlSends('render', 'start', ourSide.sessionId, renderUrl, '--token', t),
        sdkError: (r) => assertSdkError(r, 'AuthError', /^Invalid API key or secret$/) },
    ];
    for (const t of refusedTokens) {
      it(`${t.what}: 403; the SDK blames the API key, opentokd says AuthFailed`, async () => {
        const s = await t.sdk(sdkSide.tokens[t.role]);
        t.sdkError(s);
        const o = await t.ours(ourSide.tokens[t.role]);
        assertCtlError(o, 'AuthFailed', /403.*Invalid token/);
        assert.equal(wire(o.entry, ourSide).path, wire(s.entry, sdkSide).path);
        assert.equal(sentToken(s.entry), sdkSide.tokens[t.role]);
        assert.equal(sentToken(o.entry), ourSide.tokens[t.role]);
        const again = await resend(s.entry);
        assert.equal(again.status, 403);
        assert.match(again.json.description, new RegExp(`role is ${t.role}`));
        await assertViews();
      });
    }

    it('bad DTMF digits: the SDK sends them and gets 400, opentokd refuses them locally', async () => {
      const s = await sdkSends('playDTMF', sdkSide.sessionId, null, '12x');
      assertSdkError(s, 'RequestError', /digits must match/);
      assert.deepEqual(wire(s.entry, sdkSide).body, { digits: '12x' });
      assert.equal((await resend(s.entry)).status, 400);
      await ctlRefuses('InvalidArgs', 'sip', 'dtmf', ourSide.sessionId, '12x');
      await ctlRefuses('InvalidArgs', 'sip', 'dtmf', ourSide.sessionId, '12x', '--to', ourSide.ids['sip-full']);

      // empty: the SDK sends "" (400); opentokctl stops at its own usage check (exit 2)
      const e = await sdkSends('playDTMF', sdkSide.sessionId, null, '');
      assertSdkError(e, 'RequestError', /digits must match/);
      const from = await requestCount();
      const u = await ctl('sip', 'dtmf', ourSide.sessionId, '');
      assert.equal(u.code, 2, u.stderr);
      assert.equal(await requestCount(), from);

      // 4097 digits: opentokd's limit of 4096 is its own; the emulator takes them, as the SDK sends them
      const long = '1'.repeat(4097);
      const l = await sdkSends('playDTMF', sdkSide.sessionId, null, long);
      sdkOk(l, 'playDTMF');
      await ctlRefuses('InvalidArgs', 'sip', 'dtmf', ourSide.sessionId, long);
      const m = models.sdk;
      for (const c of Object.values(m))
        c.dtmf.push(long);
      await assertViews();
    });

    it('DTMF to a connection that is not connected: 404 for both', async () => {
      const s = await sdkSends('playDTMF', sdkSide.sessionId, NOBODY, '1');
      assertSdkError(s, 'NotFoundError');
      const o = await ctlSends('sip', 'dtmf', ourSide.sessionId, '1', '--to', NOBODY);
      assertCtlError(o, 'NotFound', /404.*not connected/);
      assertSameWire(s, o, {
        method: 'POST', path: `session/{session}/connection/${NOBODY}/play-dtmf`, body: { digits: '1' },
      });
      await assertViews();
    });

    // options opentokd refuses before sending, which the SDK sends and the API refuses with 400
    const refusedOptions = [
      { what: 'a tel: URI to dial',
        sdk: () => sdkSends('dial', sdkSide.sessionId, sdkSide.tokens.publisher, 'tel:+15551234567'),
        ours: ['sip', 'dial', () => ourSide.sessionId, 'tel:+15551234567'],
        sdkError: (r) => assertPlainError(r, /^Failed to dial endpoint\. Error: .*sip\.uri must start with sip: or sips:/) },
      { what: 'an http:// URI for the audio connector',
        sdk: () => sdkSends('websocketConnect', sdkSide.sessionId, sdkSide.tokens.publisher, 'http://audio.example.com/', {}),
        ours: ['audio-connector', 'connect', () => ourSide.sessionId, 'http://audio.example.com/'],
        sdkError: (r) => assertPlainError(r, /^Error connecting to websocket: .*websocket\.uri must be a ws:\/\/ or wss:\/\//) },
      { what: 'captions for 100 s',
        sdk: () => sdkSends('startCaptions', sdkSide.sessionId, sdkSide.tokens.moderator, { maxDuration: 100 }),
        ours: ['captions', 'start', () => ourSide.sessionId, '--max-duration', '100'],
        sdkError: (r) => assertSdkError(r, 'RequestError', /maxDuration must be an integer from 300 to 14400/) },
      { what: 'a render URL under 15 characters',
        sdk: () => sdkSends('startRender', { sessionId: sdkSide.sessionId, token: sdkSide.tokens.publisher, url: 'http://a.b/c' }),
        ours: ['render', 'start', () => ourSide.sessionId, 'http://a.b/c'],
        sdkError: (r) => assertSdkError(r, 'RequestError', /url must be from 15 to 2048 characters/) },
    ];
    for (const r of refusedOptions) {
      it(`${r.what}: the SDK gets 400 after sending, opentokd refuses locally`, async () => {
        const s = await r.sdk();
        r.sdkError(s);
        assert.equal((await resend(s.entry)).status, 400);
        await ctlRefuses('InvalidArgs', ...r.ours.map((a) => (typeof a === 'function' ? a() : a)));
        await assertViews();
      });
    }

    it('list renders with count 0: both refuse it before sending', async () => {
      const s = await sdkRefuses('listRenders', { count: 0 });
      assertSdkError(s, 'ArgumentError', /^Count is out of range$/);
      const o = await ctlRefuses('InvalidArgs', 'render', 'list', '--count', '0');
      assert.match(o.stderr, /'count'/);
    });

    it('unknown captions or render: 404 for both', async () => {
      const cases = [
        ['stopCaptions', ['captions', 'stop'], 'POST', `captions/${NOBODY}/stop`, /Captions not found/],
        ['getRender', ['render', 'get'], 'GET', `render/${NOBODY}`, /Render not found/],
        ['stopRender', ['render', 'stop'], 'DELETE', `render/${NOBODY}`, /Render not found/],
      ];
      for (const [method, command, verb, path, message] of cases) {
        const s = await sdkSends(method, NOBODY);
        assertSdkError(s, 'NotFoundError', /^Not Found$/);
        const o = await ctlSends(...command, NOBODY);
        assertCtlError(o, 'NotFound', message);
        assertSameWire(s, o, { method: verb, path });
      }
    });
  });
