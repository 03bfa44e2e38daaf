// Moderation and signals: the same operations done once with the official Node SDK and once with
// `opentokctl --json stream|signal|connection …` (opentokd's streams, signals and connections
// plugins) against the same emulator. Each side has its own routed session, where three simulated
// clients joined with tokens of that side and published streams. Compared: (a) the requests on the
// wire, from the emulator's request log; (b) what the clients see, from the emulator's control
// view (muted flags, layout classes, signals received, clients present); (c) the results and the
// errors. Where the two differ the difference is asserted, not hidden; README.md lists them.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  apiKey, newSdk, sdkCall, sdkErrors, emu, emuSession, join, clients, publish, requests,
  requestCount, requestHeader, ctl, ctlOk,
} from './peer-env.mjs';

const sdk = newSdk();
const base = `/v2/project/${apiKey}/session/`;
// shaped like a stream or connection id (the emulator answers 400 for other shapes), never issued
const NOBODY = '00000000-0000-4000-8000-000000000000';

// the tests need opentokctl's three commands and the emulator's streams and force mute
async function whyNot() {
  for (const command of ['stream', 'signal', 'connection']) {
    const help = await ctl(command, '--help');
    if (help.code !== 0)
      return `opentokctl has no ${command} command (exit ${help.code}): moderation peer tests skipped`;
  }
  const { err, args } = await sdkCall(sdk, 'createSession', { mediaMode: 'routed' });
  if (err)
    return `the SDK could not create a session (${err.message}): moderation peer tests skipped`;
  if (!('forceMuteActive' in await emuSession(args[0].sessionId)))
    return 'the emulator shows no force-mute state: moderation peer tests skipped';
  return false;
}
const skip = await whyNot();
if (skip)
  console.log(`SKIP: ${skip}`);

// --- each side: a session, its clients and streams, all known by name ------------------------

function newSide(ua) {
  return { ua, sessionId: null, names: new Map(), ids: {} };
}
const sdkSide = newSide('sdk');
const ourSide = newSide('daemon');
const sides = [sdkSide, ourSide];

function remember(side, name, id) {
  side.names.set(id, name);
  side.ids[name] = id;
}

// the clients and the streams they publish at the start
const people = ['alice', 'bob', 'carol'];
const firstStreams = [
  { who: 'alice', name: 'alice-cam', extra: {} },
  { who: 'bob', name: 'bob-cam', extra: {} },
  { who: 'carol', name: 'carol-screen', extra: { videoType: 'screen', layoutClassList: ['initial'] } },
];

async function stage(side, sessionId, makeToken) {
  side.sessionId = sessionId;
  for (const who of people) {
    const r = await join(sessionId, await makeToken());
    assert.equal(r.status, 201, `${who} joins: ${r.text}`);
    remember(side, who, r.json.connectionId);
  }
  for (const s of firstStreams)
    remember(side, s.name, await publish(sessionId, side.ids[s.who], s.name, s.extra));
  // a stream id named in a mute-all before its stream is published
  remember(side, 'late-excluded', randomUUID());
}

async function publishLate(side, who, name) {
  const extra = side.ids[name] ? { streamId: side.ids[name] } : {};
  const id = await publish(side.sessionId, side.ids[who], name, extra);
  if (extra.streamId)
    assert.equal(id, extra.streamId);
  remember(side, name, id);
}

// replace a side's ids by {name}, in a path or a JSON text
function mask(text, side) {
  let out = text.split(side.sessionId).join('{session}');
  for (const [id, name] of side.names)
    out = out.split(id).join(`{${name}}`);
  return out;
}
// and back: '{alice-cam}' → alice-cam's id on this side
function unmask(text, side) {
  return text.replace(/\{([^}]+)\}/g, (all, name) =>
    name === 'session' ? side.sessionId : (side.ids[name] ?? all));
}

// a logged request in comparable form: method, path below /v2/project/K/session/ with the ids
// masked, query, parsed JSON body with the ids masked (undefined when there is no body)
function wire(entry, side) {
  return {
    method: entry.method,
    path: mask(entry.path.startsWith(base) ? entry.path.slice(base.length) : entry.path, side),
    query: entry.query,
    body: entry.body ? JSON.parse(mask(entry.body, side)) : undefined,
  };
}

// the requests of one side since `from`, a position in the log (the test clears the log first,
// so that positions stay valid: the log keeps only the last 1000 entries)
async function sentSince(side, from) {
  const prefix = side.ua === 'sdk' ? 'OpenTok-Node-SDK/' : 'opentokd/';
  return (await requests()).slice(from)
    .filter((e) => (requestHeader(e, 'User-Agent') || '').startsWith(prefix));
}

// Run one side's call and return the one request it sent (asserting there was exactly one)
async function oneRequest(side, call) {
  const from = await requestCount();
  const result = await call();
  const sent = await sentSince(side, from);
  assert.equal(sent.length, 1, `${side.ua} sent ${sent.length} requests: ` +
    sent.map((e) => `${e.method} ${e.path}`).join(', '));
  return { result, entry: sent[0] };
}

// an SDK call; returns {err, args, entry}
async function sdkSends(method, ...args) {
  const { result, entry } = await oneRequest(sdkSide, () => sdkCall(sdk, method, ...args));
  return { ...result, entry };
}

// an opentokctl call; returns {code, stdout, stderr, json, entry}
async function ctlSends(...args) {
  const { result, entry } = await oneRequest(ourSide, () => ctl(...args));
  return { ...result, entry };
}

function sdkOk(r, what) {
  assert.ok(!r.err, `SDK ${what}: ${r.err && `${r.err.constructor.name}: ${r.err.message}`}`);
}
function ctlOkResult(r, what) {
  assert.equal(r.code, 0, `opentokctl ${what} exited ${r.code}: ${r.stderr}`);
}

// Both sides sent the same request, and it is the one expected (the path uses names)
function assertSameWire(sdkR, ourR, expected) {
  const w = wire(sdkR.entry, sdkSide);
  assert.deepEqual(wire(ourR.entry, ourSide), w);
  assert.deepEqual(w, { query: null, body: undefined, ...expected });
}

// an opentokctl call that must fail with exit code 1 and this error name
function assertCtlError(r, name) {
  assert.equal(r.code, 1, `opentokctl exited ${r.code}: ${r.stderr}`);
  assert.match(r.stderr, new RegExp(`^opentokctl: ${name}: `), r.stderr);
}

// an opentokctl call that must be refused before any request
async function ctlRefuses(name, ...args) {
  const from = await requestCount();
  const r = await ctl(...args);
  assertCtlError(r, name);
  assert.equal(await requestCount(), from, `opentokctl ${args.join(' ')} sent a request`);
  assert.doesNotMatch(r.stderr, /HTTP/);
  return r.stderr;
}

// the status the emulator gives the SDK's refused request, sent again as it was
async function statusOf(entry) {
  const r = await emu(entry.method, entry.path, entry.body || undefined,
    { 'X-OPENTOK-AUTH': sdk.generateJwt() });
  return r.status;
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

// --- what the clients see -----------------------------------------------------------------

// the control view of one side, with names for ids
async function view(side) {
  const session = await emuSession(side.sessionId);
  const list = await clients(side.sessionId);
  const name = (id) => side.names.get(id) ?? `<unknown ${id}>`;
  return {
    forceMuteActive: session.forceMuteActive,
    forceMuteExcluded: session.forceMuteExcluded.map(name).sort(),
    clients: Object.fromEntries(list.map((c) => [name(c.connectionId), {
      streams: Object.fromEntries(c.streams.map((s) => [name(s.streamId),
        { videoType: s.videoType, classes: s.layoutClassList, muted: s.muted }])),
      signals: c.signals,
    }])),
  };
}

// what both sides' clients must see, kept up to date by the tests
const model = {
  forceMuteActive: false,
  forceMuteExcluded: [],
  clients: {
    alice: { streams: { 'alice-cam': { videoType: 'camera', classes: [], muted: false } }, signals: [] },
    bob: { streams: { 'bob-cam': { videoType: 'camera', classes: [], muted: false } }, signals: [] },
    carol: {
      streams: { 'carol-screen': { videoType: 'screen', classes: ['initial'], muted: false } },
      signals: [],
    },
  },
};
function modelStream(name) {
  for (const c of Object.values(model.clients))
    if (name in c.streams)
      return c.streams[name];
  throw new Error(`no stream ${name} in the model`);
}
function muteAllBut(excluded) {
  for (const c of Object.values(model.clients))
    for (const [name, s] of Object.entries(c.streams))
      if (!excluded.includes(name))
        s.muted = true;
}

async function assertViews(expectSdk = model, expectOurs = model) {
  const sdkView = await view(sdkSide);
  const ourView = await view(ourSide);
  assert.deepEqual(sdkView, expectSdk, 'the SDK side');
  assert.deepEqual(ourView, expectOurs, 'the opentokd side');
}

// --- stream results -----------------------------------------------------------------------

function snake(key) {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
// a stream as opentokd gives it, with its id as a name; an SDK Stream is first made snake_case
function namedStream(stream, side) {
  const out = {};
  for (const [k, v] of Object.entries(stream))
    out[snake(k)] = v;
  assert.ok(side.names.has(out.id), `unknown stream id ${out.id}`);
  out.id = side.names.get(out.id);
  return out;
}
// the streams the model expects the API to list, in the API's order (by client in joining
// order, then in publishing order)
function modelStreams() {
  const out = [];
  for (const c of Object.values(model.clients))
    for (const [name, s] of Object.entries(c.streams))
      out.push({ id: name, video_type: s.videoType, name, layout_class_list: s.classes });
  return out;
}

async function assertSameStreamList() {
  const s = await sdkSends('listStreams', sdkSide.sessionId);
  sdkOk(s, 'listStreams');
  const o = await ctlSends('stream', 'list', ourSide.sessionId);
  ctlOkResult(o, 'stream list');
  assertSameWire(s, o, { method: 'GET', path: '{session}/stream' });
  const want = modelStreams();
  assert.deepEqual(s.args[0].map((x) => namedStream(x, sdkSide)), want);
  assert.deepEqual(o.json.items.map((x) => namedStream(x, ourSide)), want);
  assert.equal(o.json.total, want.length);
}

// --- the tests ----------------------------------------------------------------------------

describe('moderation and signals: Node SDK and opentokctl side by side', { skip }, () => {
  before(async () => {
    // positions in the request log must stay valid: start this file with an empty log
    assert.equal((await emu('DELETE', '/_emulator/requests')).status, 204);
    const { err, args } = await sdkCall(sdk, 'createSession', { mediaMode: 'routed' });
    assert.ok(!err, err && err.message);
    const sdkSession = args[0].sessionId;
    await stage(sdkSide, sdkSession, () => sdk.generateToken(sdkSession, { role: 'publisher' }));
    const ourSession = (await ctlOk('session', 'create', '--media-mode', 'routed')).session_id;
    await stage(ourSide, ourSession,
      async () => (await ctlOk('token', ourSession, '--role', 'publisher')).token);
    await assertViews();
  });

  it('list streams: same request, same streams', async () => {
    await assertSameStreamList();
  });

  it('get a stream: same request; the SDK cannot read the answer, opentokd can', async () => {
    for (const { name } of firstStreams) {
      const s = await sdkSends('getStream', sdkSide.sessionId, sdkSide.ids[name]);
      const o = await ctlSends('stream', 'get', ourSide.sessionId, ourSide.ids[name]);
      assertSameWire(s, o, { method: 'GET', path: `{session}/stream/{${name}}` });
      const want = modelStreams().find((x) => x.id === name);
      ctlOkResult(o, 'stream get');
      assert.deepEqual(namedStream(o.json, ourSide), want);
      // SDK bug: its HTTP layer already parses the JSON answer, and getStream parses the
      // object once more, so the callback gets a SyntaxError instead of a Stream
      assert.ok(s.err instanceof SyntaxError, `SDK getStream: ${s.err} ${s.args}`);
      assert.match(s.err.message, /\[object Object\]/);
      // the emulator did answer the SDK's very request with the stream
      const again = await emu('GET', s.entry.path, undefined, { 'X-OPENTOK-AUTH': sdk.generateJwt() });
      assert.equal(again.status, 200);
      assert.deepEqual(namedStream(again.json, sdkSide), want);
    }
  });

  it('set layout classes: same request, same classes seen', async () => {
    const s = await sdkSends('setStreamClassLists', sdkSide.sessionId, [
      { id: sdkSide.ids['alice-cam'], layoutClassList: ['full', 'focus'] },
      { id: sdkSide.ids['carol-screen'], layoutClassList: [] },
    ]);
    sdkOk(s, 'setStreamClassLists');
    const o = await ctlSends('stream', 'layout', ourSide.sessionId,
      `${ourSide.ids['alice-cam']}=full,focus`, `${ourSide.ids['carol-screen']}=`);
    ctlOkResult(o, 'stream layout');
    assertSameWire(s, o, {
      method: 'PUT', path: '{session}/stream',
      body: { items: [{ id: '{alice-cam}', layoutClassList: ['full', 'focus'] },
                      { id: '{carol-screen}', layoutClassList: [] }] },
    });
    assert.match(requestHeader(s.entry, 'Content-Type'), /^application\/json/);
    assert.match(requestHeader(o.entry, 'Content-Type'), /^application\/json/);
    modelStream('alice-cam').classes = ['full', 'focus'];
    modelStream('carol-screen').classes = [];
    await assertViews();
    await assertSameStreamList();
  });

  it('mute one stream: same path and effect; the SDK posts "{}", opentokd no body', async () => {
    const s = await sdkSends('forceMuteStream', sdkSide.sessionId, sdkSide.ids['alice-cam']);
    sdkOk(s, 'forceMuteStream');
    const o = await ctlSends('stream', 'mute', ourSide.sessionId, ourSide.ids['alice-cam']);
    ctlOkResult(o, 'stream mute');
    const sw = wire(s.entry, sdkSide);
    const ow = wire(o.entry, ourSide);
    assert.deepEqual({ ...ow, body: null }, { ...sw, body: null });
    assert.equal(sw.path, '{session}/stream/{alice-cam}/mute');
    assert.equal(s.entry.body, '{}');
    assert.match(requestHeader(s.entry, 'Content-Type'), /^application\/json/);
    assert.equal(o.entry.body, '');
    assert.equal(requestHeader(o.entry, 'Content-Type'), undefined);
    modelStream('alice-cam').muted = true;
    await assertViews();
  });

  it('mute all but two streams: the same body once parsed, the same effect', async () => {
    const options = { excludedStreamIds: [sdkSide.ids['bob-cam'], sdkSide.ids['late-excluded']] };
    const s = await sdkSends('forceMuteAll', sdkSide.sessionId, options);
    sdkOk(s, 'forceMuteAll');
    const o = await ctlSends('stream', 'mute-all', ourSide.sessionId,
      '--exclude', ourSide.ids['bob-cam'], '--exclude', ourSide.ids['late-excluded']);
    ctlOkResult(o, 'stream mute-all');
    // JSON booleans on both sides (Appendix A item 1); only the key order differs, as the SDK
    // appends "active" to the caller's object
    assertSameWire(s, o, {
      method: 'POST', path: '{session}/mute',
      body: { active: true, excludedStreamIds: ['{bob-cam}', '{late-excluded}'] },
    });
    assert.deepEqual(Object.keys(JSON.parse(s.entry.body)), ['excludedStreamIds', 'active']);
    assert.deepEqual(Object.keys(JSON.parse(o.entry.body)), ['active', 'excludedStreamIds']);
    // the SDK writes "active" into the options object it was given
    assert.equal(options.active, true);

    muteAllBut(['bob-cam']);
    model.forceMuteActive = true;
    model.forceMuteExcluded = ['bob-cam', 'late-excluded'];
    await assertViews();

    // later streams: muted unless excluded
    for (const side of sides) {
      await publishLate(side, 'bob', 'late-excluded');
      await publishLate(side, 'carol', 'late-muted');
    }
    model.clients.bob.streams['late-excluded'] = { videoType: 'camera', classes: [], muted: false };
    model.clients.carol.streams['late-muted'] = { videoType: 'camera', classes: [], muted: true };
    await assertViews();
  });

  it('disable force mute: same request; later streams start unmuted, muted ones stay', async () => {
    const s = await sdkSends('disableForceMute', sdkSide.sessionId);
    sdkOk(s, 'disableForceMute');
    const o = await ctlSends('stream', 'unmute-all', ourSide.sessionId);
    ctlOkResult(o, 'stream unmute-all');
    assertSameWire(s, o, { method: 'POST', path: '{session}/mute', body: { active: false } });
    model.forceMuteActive = false;
    model.forceMuteExcluded = [];
    await assertViews();

    for (const side of sides)
      await publishLate(side, 'alice', 'late-free');
    model.clients.alice.streams['late-free'] = { videoType: 'camera', classes: [], muted: false };
    await assertViews();
  });

  it('mute all with the key the SDK documents ("excudedStreamIds"): nothing is excluded', async () => {
    // what a caller who follows the SDK's JSDoc writes; the SDK checks that this key holds an
    // array and sends it as given, and the API ignores the unknown key
    const s = await sdkSends('forceMuteAll', sdkSide.sessionId,
      { excudedStreamIds: [sdkSide.ids['bob-cam']] });
    sdkOk(s, 'forceMuteAll');
    const o = await ctlSends('stream', 'mute-all', ourSide.sessionId, '--exclude', ourSide.ids['bob-cam']);
    ctlOkResult(o, 'stream mute-all');
    assert.deepEqual(wire(s.entry, sdkSide), {
      method: 'POST', path: '{session}/mute', query: null,
      body: { excudedStreamIds: ['{bob-cam}'], active: true },
    });
    assert.deepEqual(wire(o.entry, ourSide), {
      method: 'POST', path: '{session}/mute', query: null,
      body: { active: true, excludedStreamIds: ['{bob-cam}'] },
    });
    // the SDK side mutes bob's stream too; opentokd's leaves it alone
    const sdkModel = structuredClone(model);
    const ourModel = structuredClone(model);
    for (const [m, excluded] of [[sdkModel, []], [ourModel, ['bob-cam']]]) {
      for (const c of Object.values(m.clients))
        for (const [name, st] of Object.entries(c.streams))
          if (!excluded.includes(name))
            st.muted = true;
      m.forceMuteActive = true;
      m.forceMuteExcluded = excluded;
    }
    assert.equal(sdkModel.clients.bob.streams['bob-cam'].muted, true);
    assert.equal(ourModel.clients.bob.streams['bob-cam'].muted, false);
    await assertViews(sdkModel, ourModel);
  });

  it('mute all without exclusions: the SDK leaves the key out, opentokd sends []', async () => {
    const s = await sdkSends('forceMuteAll', sdkSide.sessionId);
    sdkOk(s, 'forceMuteAll');
    const o = await ctlSends('stream', 'mute-all', ourSide.sessionId);
    ctlOkResult(o, 'stream mute-all');
    assert.deepEqual(wire(s.entry, sdkSide).body, { active: true });
    assert.deepEqual(wire(o.entry, ourSide).body, { active: true, excludedStreamIds: [] });
    assert.equal(wire(s.entry, sdkSide).path, '{session}/mute');
    assert.equal(wire(o.entry, ourSide).path, '{session}/mute');
    // the same meaning: the sides are alike again
    muteAllBut([]);
    model.forceMuteActive = true;
    model.forceMuteExcluded = [];
    await assertViews();

    const s2 = await sdkSends('disableForceMute', sdkSide.sessionId);
    sdkOk(s2, 'disableForceMute');
    const o2 = await ctlSends('stream', 'unmute-all', ourSide.sessionId);
    ctlOkResult(o2, 'stream unmute-all');
    assertSameWire(s2, o2, { method: 'POST', path: '{session}/mute', body: { active: false } });
    model.forceMuteActive = false;
    await assertViews();
  });

  // signals that reach their clients: SDK payload, opentokctl options, to whom, expected body
  const signals = [
    { what: 'to the session', sdk: { type: 'chat', data: 'hello all' }, to: null,
      ctl: ['--type', 'chat', '--data', 'hello all'] },
    { what: 'to one connection', sdk: { type: 'private', data: 'just bob' }, to: 'bob',
      ctl: ['--type', 'private', '--data', 'just bob'] },
    { what: 'without a type', sdk: { data: 'untyped' }, to: null, ctl: ['--data', 'untyped'] },
    { what: 'with empty data', sdk: { type: 'ping', data: '' }, to: 'carol',
      ctl: ['--type', 'ping', '--data', ''] },
    { what: 'at the size limits (128-byte type, 8192-byte data of 2-byte characters)',
      sdk: { type: 'T-_~'.repeat(32), data: 'é'.repeat(4096) }, to: 'alice',
      ctl: ['--type', 'T-_~'.repeat(32), '--data', 'é'.repeat(4096)] },
  ];
  for (const sig of signals) {
    it(`signal ${sig.what}: same request, same signals received`, async () => {
      const sdkTo = sig.to ? sdkSide.ids[sig.to] : null;
      const s = await sdkSends('signal', sdkSide.sessionId, sdkTo, sig.sdk);
      sdkOk(s, 'signal');
      const o = await ctlSends('signal', ourSide.sessionId,
        ...(sig.to ? ['--to', ourSide.ids[sig.to]] : []), ...sig.ctl);
      ctlOkResult(o, 'signal');
      assertSameWire(s, o, {
        method: 'POST',
        path: sig.to ? `{session}/connection/{${sig.to}}/signal` : '{session}/signal',
        body: sig.sdk,
      });
      assert.match(requestHeader(s.entry, 'Content-Type'), /^application\/json/);
      assert.match(requestHeader(o.entry, 'Content-Type'), /^application\/json/);
      for (const who of sig.to ? [sig.to] : people)
        model.clients[who].signals.push({ type: sig.sdk.type ?? '', data: sig.sdk.data });
      await assertViews();
    });
  }

  it('signal to a connection that is not connected: 404 for both, nobody gets it', async () => {
    const s = await sdkSends('signal', sdkSide.sessionId, NOBODY, { type: 'chat', data: 'lost' });
    assertSdkError(s, 'SignalError', /^Session or Connection not found$/);
    const o = await ctlSends('signal', ourSide.sessionId, '--to', NOBODY, '--type', 'chat', '--data', 'lost');
    assertCtlError(o, 'NotFound');
    assert.match(o.stderr, /404/);
    assertSameWire(s, o, {
      method: 'POST', path: `{session}/connection/${NOBODY}/signal`, body: { type: 'chat', data: 'lost' },
    });
    await assertViews();
  });

  it('signal without data: the SDK sends it and the API answers 400; opentokd refuses it locally', async () => {
    const s = await sdkSends('signal', sdkSide.sessionId, null, { type: 'nodata' });
    assertSdkError(s, 'RequestError', /data is required/);
    assert.equal(await statusOf(s.entry), 400);
    const before = await requestCount();
    const o = await ctl('signal', ourSide.sessionId, '--type', 'nodata');
    assert.equal(o.code, 1);
    assert.match(o.stderr, /InvalidArgs/);
    assert.match(o.stderr, /'data' is required/);
    assert.equal(await requestCount(), before);
    await assertViews();
  });

  // signals opentokd refuses before sending, which the SDK sends and the API refuses
  const refused = [
    { what: 'data over 8192 bytes', sdk: { type: 'chat', data: 'x'.repeat(8193) },
      ctl: ['--type', 'chat', '--data', 'x'.repeat(8193)], status: 413, ours: 'TooLarge',
      message: /data is longer than 8192 bytes/ },
    { what: 'data over 8192 bytes but not characters', sdk: { type: 'chat', data: 'é'.repeat(4097) },
      ctl: ['--type', 'chat', '--data', 'é'.repeat(4097)], status: 413, ours: 'TooLarge',
      message: /data is longer than 8192 bytes/ },
    { what: 'a type over 128 bytes', sdk: { type: 't'.repeat(129), data: 'x' },
      ctl: ['--type', 't'.repeat(129), '--data', 'x'], status: 413, ours: 'TooLarge',
      message: /type is longer than 128 bytes/ },
    { what: 'a type with a space', sdk: { type: 'two words', data: 'x' },
      ctl: ['--type', 'two words', '--data', 'x'], status: 400, ours: 'InvalidArgs',
      message: /type may only hold/ },
    { what: 'a type with a dot', sdk: { type: 'a.b', data: 'x' },
      ctl: ['--type', 'a.b', '--data', 'x'], status: 400, ours: 'InvalidArgs',
      message: /type may only hold/ },
  ];
  for (const r of refused) {
    it(`signal with ${r.what}: the SDK gets ${r.status} after sending, opentokd refuses locally`, async () => {
      const s = await sdkSends('signal', sdkSide.sessionId, null, r.sdk);
      assertSdkError(s, 'RequestError', r.message);
      assert.deepEqual(wire(s.entry, sdkSide).body, r.sdk);
      assert.equal(await statusOf(s.entry), r.status);
      const stderr = await ctlRefuses(r.ours, 'signal', ourSide.sessionId, ...r.ctl);
      assert.match(stderr, r.ours === 'TooLarge' ? /bytes/ : /letters, digits/);
      await assertViews();
    });
  }

  it('unknown stream (UUID-shaped): 404 for both, on get and on mute', async () => {
    let s = await sdkSends('getStream', sdkSide.sessionId, NOBODY);
    assertSdkError(s, 'NotFoundError');
    let o = await ctlSends('stream', 'get', ourSide.sessionId, NOBODY);
    assertCtlError(o, 'NotFound');
    assert.match(o.stderr, /404.*Stream not found/);
    assertSameWire(s, o, { method: 'GET', path: `{session}/stream/${NOBODY}` });

    s = await sdkSends('forceMuteStream', sdkSide.sessionId, NOBODY);
    assertSdkError(s, 'NotFoundError');
    o = await ctlSends('stream', 'mute', ourSide.sessionId, NOBODY);
    assertCtlError(o, 'NotFound');
    assert.match(o.stderr, /404/);
    assert.equal(wire(o.entry, ourSide).path, wire(s.entry, sdkSide).path);
    await assertViews();
  });

  it('malformed stream id: both send it, the API answers 400', async () => {
    const s = await sdkSends('getStream', sdkSide.sessionId, 'not-a-stream');
    assertSdkError(s, 'RequestError', /Invalid stream ID/);
    const o = await ctlSends('stream', 'get', ourSide.sessionId, 'not-a-stream');
    assertCtlError(o, 'InvalidArgs');
    assert.match(o.stderr, /400/);
    assertSameWire(s, o, { method: 'GET', path: '{session}/stream/not-a-stream' });
  });

  it('layout classes for a stream not published: both send it, the API answers 400', async () => {
    const s = await sdkSends('setStreamClassLists', sdkSide.sessionId,
      [{ id: NOBODY, layoutClassList: ['full'] }]);
    assertSdkError(s, 'RequestError', /not published/);
    const o = await ctlSends('stream', 'layout', ourSide.sessionId, `${NOBODY}=full`);
    assertCtlError(o, 'InvalidArgs');
    assert.match(o.stderr, /400.*not published/);
    assertSameWire(s, o, {
      method: 'PUT', path: '{session}/stream', body: { items: [{ id: NOBODY, layoutClassList: ['full'] }] },
    });
    await assertViews();
  });

  it('streams of an unknown session: 404 for both', async () => {
    const unknown = '1_' + Buffer.from(`1~${apiKey}~~1700000000000~peermoderation~~~`)
      .toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const s = await sdkSends('listStreams', unknown);
    assertSdkError(s, 'NotFoundError');
    const o = await ctlSends('stream', 'list', unknown);
    assertCtlError(o, 'NotFound');
    assert.match(o.stderr, /404.*Session not found/);
    assertSameWire(s, o, { method: 'GET', path: `${unknown}/stream` });
  });

  it('force disconnect: same request; the client and its streams are gone', async () => {
    const s = await sdkSends('forceDisconnect', sdkSide.sessionId, sdkSide.ids.carol);
    sdkOk(s, 'forceDisconnect');
    const o = await ctlSends('connection', 'disconnect', ourSide.sessionId, ourSide.ids.carol);
    ctlOkResult(o, 'connection disconnect');
    assertSameWire(s, o, { method: 'DELETE', path: '{session}/connection/{carol}' });
    delete model.clients.carol;
    await assertViews();
    await assertSameStreamList();
  });

  it('after the disconnect: disconnect, signal and mute fail with 404 for both', async () => {
    let s = await sdkSends('forceDisconnect', sdkSide.sessionId, sdkSide.ids.carol);
    assertSdkError(s, 'ForceDisconnectError', /^Session or Connection not found$/);
    let o = await ctlSends('connection', 'disconnect', ourSide.sessionId, ourSide.ids.carol);
    assertCtlError(o, 'NotFound');
    assert.match(o.stderr, /404.*not connected/);
    assertSameWire(s, o, { method: 'DELETE', path: '{session}/connection/{carol}' });

    s = await sdkSends('signal', sdkSide.sessionId, sdkSide.ids.carol, { data: 'too late' });
    assertSdkError(s, 'SignalError', /^Session or Connection not found$/);
    o = await ctlSends('signal', ourSide.sessionId, '--to', ourSide.ids.carol, '--data', 'too late');
    assertCtlError(o, 'NotFound');
    assertSameWire(s, o, {
      method: 'POST', path: '{session}/connection/{carol}/signal', body: { data: 'too late' },
    });

    s = await sdkSends('forceMuteStream', sdkSide.sessionId, sdkSide.ids['carol-screen']);
    assertSdkError(s, 'NotFoundError');
    o = await ctlSends('stream', 'mute', ourSide.sessionId, ourSide.ids['carol-screen']);
    assertCtlError(o, 'NotFound');
    assert.match(o.stderr, /404.*Stream not found/);
    assert.equal(wire(o.entry, ourSide).path, wire(s.entry, sdkSide).path);
    await assertViews();
  });
});
