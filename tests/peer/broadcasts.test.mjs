// Broadcasts: the same operations done once with the official Node SDK and once with
// `opentokctl --json broadcast …` (opentokd's broadcasts plugin) against the same emulator, each
// on its own routed session where a client publishes a stream. Compared: (a) the requests on the
// wire, from the emulator's request log; (b) the results; (c) the errors. Where the two differ the
// difference is asserted, not hidden; README.md lists them.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiKey, newSdk, sdkCall, sdkErrors, emu, join, publish, lastRequest, requestCount, requestHeader,
  ctl, ctlOk,
} from './peer-env.mjs';

const sdk = newSdk();
const base = `/v2/project/${apiKey}/broadcast`;

// the broadcast tests need opentokctl's broadcast command and the emulator's broadcasts
async function whyNot() {
  const help = await ctl('broadcast', '--help');
  if (help.code !== 0)
    return `opentokctl has no broadcast command (exit ${help.code}): broadcast peer tests skipped`;
  const probe = await emu('GET', base, undefined, { 'X-OPENTOK-AUTH': sdk.generateJwt() });
  if (probe.status === 404)
    return 'the emulator answers 404 for the broadcast list: broadcast peer tests skipped';
  return false;
}
const skip = await whyNot();
if (skip)
  console.log(`SKIP: ${skip}`);

// --- helpers ------------------------------------------------------------------------------

function snake(key) {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

// The SDK's Broadcast object as plain data in opentokd's shape: own fields only (not its stop
// method), keys snake_case at every depth, null fields left out (as opentokd does).
function sdkShape(value) {
  if (Array.isArray(value))
    return value.map(sdkShape);
  if (value === null || typeof value !== 'object')
    return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'function' || v === null)
      continue;
    out[snake(k)] = sdkShape(v);
  }
  return out;
}

// What may differ between the two sides' broadcasts: the ids (of the broadcast, the session and
// the stream), the clock, and the HLS URL, which names the broadcast. Everything else is equal.
function comparable(broadcast, side) {
  const b = structuredClone(broadcast);
  assert.match(b.id, /^[0-9a-f-]{36}$/);
  assert.equal(b.session_id, side.sessionId);
  assert.equal(typeof b.created_at, 'number');
  assert.equal(typeof b.updated_at, 'number');
  assert.equal(b.project_id, Number(apiKey));
  if (b.broadcast_urls?.hls !== undefined) {
    assert.ok(b.broadcast_urls.hls.startsWith('https://') && b.broadcast_urls.hls.includes(b.id) &&
              b.broadcast_urls.hls.endsWith('.m3u8'), `hls url ${b.broadcast_urls.hls}`);
    b.broadcast_urls.hls = '<hls>';
  }
  b.id = side.names.get(b.id) ?? '<unknown broadcast>';
  b.session_id = '<session>';
  delete b.created_at;
  delete b.updated_at;
  for (const s of b.streams ?? []) {
    assert.equal(s.stream_id, side.streamId);
    s.stream_id = '<stream>';
  }
  return b;
}

// SDK difference: its Broadcast drops the API's `event` and `partnerId`; opentokd keeps them
function withoutDropped(ours) {
  assert.equal(ours.event, 'broadcast');
  assert.equal(ours.partner_id, Number(apiKey));
  const o = { ...ours };
  delete o.event;
  delete o.partner_id;
  return o;
}

function assertSameBroadcast(sdkBroadcast, ours) {
  assert.ok(!('event' in sdkBroadcast) && !('partnerId' in sdkBroadcast),
    'the SDK kept event/partnerId');
  assert.deepEqual(comparable(sdkShape(sdkBroadcast), sdkSide),
    comparable(withoutDropped(ours), ourSide));
}

function parseBody(entry) {
  if (!entry.body)
    return undefined;
  return JSON.parse(entry.body);
}

// a request with the side's ids replaced by names, for comparison across the two sides
function wire(entry, side) {
  let path = entry.path.split(side.sessionId).join('{session}');
  for (const [id, name] of side.names)
    path = path.split(id).join(`{${name}}`);
  const query = entry.query === null ? null
    : Object.fromEntries([...new URLSearchParams(entry.query)].map(([k, v]) =>
      [k, v === side.sessionId ? '{session}' : v]));
  let body = parseBody(entry);
  if (body && typeof body === 'object') {
    body = JSON.parse(JSON.stringify(body)
      .split(side.sessionId).join('{session}').split(side.streamId).join('{stream}'));
  }
  return { method: entry.method, path, query, body };
}

// the newest request of one side to base + pathTail; a start (POST to base) must name `sessionId`
function logged(side, method, pathTail, sessionId = side.sessionId) {
  const want = `${base}${pathTail}`;
  return lastRequest(side.ua, (e) => e.method === method && e.path === want &&
    (method !== 'POST' || pathTail !== '' || parseBody(e).sessionId === sessionId));
}

function contentType(e) {
  return requestHeader(e, 'Content-Type');
}

// each side: a routed session with one publishing client, its broadcasts by name, and a second
// routed session with a joined client for the one-broadcast-per-session and object-form tests
const sdkSide = { ua: 'sdk', names: new Map(), ids: {} };
const ourSide = { ua: 'daemon', names: new Map(), ids: {} };

function remember(side, name, id) {
  side.names.set(id, name);
  side.ids[name] = id;
}

async function joinAndPublish(sessionId, token) {
  const r = await join(sessionId, token);
  assert.equal(r.status, 201, `join: ${r.text}`);
  return publish(sessionId, r.json.connectionId, 'peer camera');
}

async function sdkSession(mediaMode = 'routed') {
  const { err, args } = await sdkCall(sdk, 'createSession', { mediaMode });
  assert.ok(!err, err && err.message);
  return args[0].sessionId;
}

async function ourSession(mediaMode = 'routed') {
  return (await ctlOk('session', 'create', '--media-mode', mediaMode)).session_id;
}

async function ourToken(sessionId) {
  return (await ctlOk('token', sessionId)).token;
}

// an SDK call that must succeed; returns its first result
async function sdkOk(method, ...args) {
  const { err, args: results } = await sdkCall(sdk, method, ...args);
  assert.ok(!err, `SDK ${method}: ${err && err.message}`);
  return results[0];
}

// SDK difference: start, get and stop wrap every failure in a plain Error whose message is
// "Failed to <op> broadcast. " + the original error; the SDK's own error class is lost
function assertWrapped(err, op, messagePart) {
  assert.ok(err instanceof Error, `SDK ${op}: no error (${err})`);
  assert.equal(Object.getPrototypeOf(err), Error.prototype, `SDK ${op}: ${err.constructor.name}`);
  assert.ok(err.message.startsWith(`Failed to ${op} broadcast. Error: `), err.message);
  assert.ok(err.message.includes(messagePart), `"${err.message}" lacks "${messagePart}"`);
}

// Node's text for every 400 from start, whatever the service said (reference §2.3)
const NODE_400 = 'Bad session ID, token, SIP credentials, or SIP URI (sip:user@domain.tld)';

// an opentokctl call that must fail with exit code 1 and this error name
async function ctlFails(name, ...args) {
  const r = await ctl(...args);
  assert.equal(r.code, 1, `opentokctl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  assert.match(r.stderr, new RegExp(`^opentokctl: ${name}: `), r.stderr);
  return r.stderr;
}

// an opentokctl call that must fail with InvalidArgs before anything reaches the emulator
async function ctlRefusesLocally(...args) {
  const before = await requestCount();
  const stderr = await ctlFails('InvalidArgs', ...args);
  assert.equal(await requestCount(), before, `opentokctl ${args.join(' ')} sent a request`);
  return stderr;
}

// the three broadcasts each side runs at once (distinct tags), as SDK options and as the same
// opentokctl options; `rtmp` is what broadcastUrls.rtmp must show (API shape, before status)
const starts = [
  {
    name: 'one',
    sdk: {
      outputs: {
        hls: {},
        rtmp: [
          { id: 'yt', serverUrl: 'rtmp://a.rtmp.example.test/live2', streamName: 'peer-key-1' },
          { id: 'backup', serverUrl: 'rtmps://b.rtmp.example.test:443/app', streamName: 'peer-key-2' },
        ],
      },
      layout: { type: 'bestFit', screenshareType: 'pip' }, maxDuration: 3600,
      maxBitrate: 2000000, resolution: '1280x720', streamMode: 'manual', multiBroadcastTag: 'peer-one',
    },
    ctl: ['--hls', '--rtmp', 'yt=rtmp://a.rtmp.example.test/live2/peer-key-1',
          '--rtmp', 'backup=rtmps://b.rtmp.example.test:443/app/peer-key-2',
          '--layout', 'bestFit', '--screenshare-type', 'pip', '--max-duration', '3600',
          '--max-bitrate', '2000000', '--resolution', '1280x720', '--stream-mode', 'manual',
          '--multi-broadcast-tag', 'peer-one'],
    hls: { dvr: false, lowLatency: false },
  },
  {
    name: 'two',
    sdk: {
      outputs: { hls: { dvr: true } }, hasVideo: false, resolution: '720x1280',
      layout: { type: 'custom', stylesheet: 'stream { width: 50%; }' }, streamMode: 'auto',
      multiBroadcastTag: 'peer-two',
    },
    ctl: ['--hls-dvr', '--no-video', '--resolution', '720x1280', '--layout', 'custom',
          '--stylesheet', 'stream { width: 50%; }', '--stream-mode', 'auto',
          '--multi-broadcast-tag', 'peer-two'],
    hls: { dvr: true, lowLatency: false },
  },
  {
    // no streamMode: the SDK fills in "auto" itself
    name: 'three',
    sdk: {
      outputs: {
        hls: { lowLatency: true },
        rtmp: [{ serverUrl: 'rtmp://c.rtmp.example.test/live', streamName: 'peer-key-3' }],
      },
      hasAudio: false, multiBroadcastTag: 'peer-three',
    },
    ctl: ['--hls-low-latency', '--rtmp', 'rtmp://c.rtmp.example.test/live/peer-key-3', '--no-audio',
          '--multi-broadcast-tag', 'peer-three'],
    hls: { dvr: false, lowLatency: true },
  },
];
const byName = Object.fromEntries(starts.map((s) => [s.name, s]));

// the RTMP targets of a broadcast as opentokd reports them, with the given status
function ourTargets(s, status) {
  return (s.sdk.outputs.rtmp ?? []).map((t) => ({
    ...(t.id ? { id: t.id } : {}), server_url: t.serverUrl, stream_name: t.streamName, status,
  }));
}

// the main fields, checked one by one on both sides before the whole comparison; rtmpStatus is
// "connecting" in the start answer, "live" afterwards
function assertFields(sdkB, ours, s, rtmpStatus) {
  for (const [b, get] of [[sdkB, (k) => sdkB[k]], [ours, (k) => ours[snake(k)]]]) {
    const where = b === sdkB ? 'SDK' : 'opentokd';
    assert.equal(get('status'), 'started', where);
    assert.equal(get('resolution'), s.sdk.resolution ?? '640x480', where);
    assert.equal(get('maxDuration'), s.sdk.maxDuration ?? 14400, where);
    assert.equal(get('streamMode'), s.sdk.streamMode ?? 'auto', where);
    assert.equal(get('hasAudio'), s.sdk.hasAudio ?? true, where);
    assert.equal(get('hasVideo'), s.sdk.hasVideo ?? true, where);
    // the service echoes the tag on start only (reference §2.3); get and list are compared
    // side against side in assertSameBroadcast, whatever the emulator does there
    if (rtmpStatus === 'connecting')
      assert.equal(get('multiBroadcastTag'), s.sdk.multiBroadcastTag, where);
    assert.equal(get('maxBitrate'), s.sdk.maxBitrate, where);
  }
  assert.equal(sdkB.sessionId, sdkSide.sessionId);
  assert.equal(ours.session_id, ourSide.sessionId);
  assert.deepEqual(sdkB.layout, s.sdk.layout ?? { type: 'bestFit' });
  assert.deepEqual(ours.layout, sdkShape(s.sdk.layout ?? { type: 'bestFit' }));
  assert.match(sdkB.broadcastUrls.hls, new RegExp(`/${sdkB.id}/playlist\\.m3u8$`));
  assert.match(ours.broadcast_urls.hls, new RegExp(`/${ours.id}/playlist\\.m3u8$`));
  assert.equal(sdkB.broadcastUrls.hlsStatus, 'ready');
  assert.equal(ours.broadcast_urls.hls_status, 'ready');
  assert.deepEqual(sdkB.settings, { hls: s.hls });
  assert.deepEqual(ours.settings, sdkShape({ hls: s.hls }));
  const targets = ourTargets(s, rtmpStatus);
  assert.deepEqual(sdkShape(sdkB.broadcastUrls.rtmp), targets);
  assert.deepEqual(ours.broadcast_urls.rtmp, targets);
}

// --- the tests ------------------------------------------------------------------------------

describe('broadcasts: Node SDK and opentokctl side by side', { skip }, () => {
  before(async () => {
    for (const [side, make, token] of [
      [sdkSide, sdkSession, (sid) => sdk.generateToken(sid, { role: 'publisher' })],
      [ourSide, ourSession, ourToken],
    ]) {
      side.sessionId = await make();
      side.streamId = await joinAndPublish(side.sessionId, await token(side.sessionId));
      side.extra = await make();
      await joinAndPublish(side.extra, await token(side.extra));
    }
  });

  // whatever happens, the emulator goes back to the array form of broadcastUrls.rtmp
  after(async () => {
    await emu('POST', '/_emulator/options', { rtmpObjectForm: false });
  });

  for (const s of starts) {
    it(`start "${s.name}": same request (but for streamMode), same broadcast`, async () => {
      const opts = structuredClone(s.sdk);
      const sdkB = await sdkOk('startBroadcast', sdkSide.sessionId, opts);
      assert.ok(sdkB instanceof Object && typeof sdkB.stop === 'function');
      remember(sdkSide, s.name, sdkB.id);
      const sdkWire = await logged(sdkSide, 'POST', '');
      // SDK quirk: it writes sessionId and the default streamMode into the caller's options
      assert.equal(opts.sessionId, sdkSide.sessionId);
      assert.equal(opts.streamMode, s.sdk.streamMode ?? 'auto');

      const ours = await ctlOk('broadcast', 'start', ourSide.sessionId, ...s.ctl);
      remember(ourSide, s.name, ours.id);
      const ourWire = await logged(ourSide, 'POST', '');

      // (a) one JSON body: opentokd sends sessionId and exactly the options given; the SDK
      // the same, plus streamMode "auto" when none was given
      assert.match(contentType(sdkWire), /^application\/json/);
      assert.match(contentType(ourWire), /^application\/json/);
      assert.deepEqual(parseBody(ourWire), { sessionId: ourSide.sessionId, ...s.sdk });
      assert.deepEqual(parseBody(sdkWire),
        { sessionId: sdkSide.sessionId, ...s.sdk, streamMode: s.sdk.streamMode ?? 'auto' });
      if (s.sdk.streamMode)
        assert.deepEqual(wire(ourWire, ourSide), wire(sdkWire, sdkSide));
      else
        assert.notDeepEqual(wire(ourWire, ourSide), wire(sdkWire, sdkSide));

      // (b) the same broadcast; RTMP targets are "connecting" in the start answer
      assertFields(sdkB, ours, s, 'connecting');
      assertSameBroadcast(sdkB, ours);
    });
  }

  it('get: same request, same broadcast; RTMP targets are now live', async () => {
    for (const s of starts) {
      const sdkB = await sdkOk('getBroadcast', sdkSide.ids[s.name]);
      const sdkWire = await logged(sdkSide, 'GET', `/${sdkSide.ids[s.name]}`);
      const ours = await ctlOk('broadcast', 'get', ourSide.ids[s.name]);
      const ourWire = await logged(ourSide, 'GET', `/${ourSide.ids[s.name]}`);
      assert.deepEqual(wire(ourWire, ourSide), wire(sdkWire, sdkSide));
      assert.deepEqual(wire(sdkWire, sdkSide),
        { method: 'GET', path: `${base}/{${s.name}}`, query: null, body: undefined });
      assert.equal(typeof sdkB.stop, 'function');
      assertFields(sdkB, ours, s, 'live');
      assertSameBroadcast(sdkB, ours);
    }
  });

  // list filters: SDK options, opentokctl options, the broadcasts expected (newest first)
  const lists = [
    { sdk: { count: 2 }, ctl: ['--count', '2'], want: ['three', 'two'] },
    { sdk: { offset: 1, count: 1 }, ctl: ['--offset', '1', '--count', '1'], want: ['two'] },
    { sdk: { offset: 2, count: 50 }, ctl: ['--offset', '2', '--count', '50'], want: ['one'] },
  ];
  for (const l of lists) {
    it(`list ${JSON.stringify(l.sdk)} of one session: same query, same page, same total`, async () => {
      const { err, args } = await sdkCall(sdk, 'listBroadcasts', { sessionId: sdkSide.sessionId, ...l.sdk });
      assert.ok(!err, err && err.message);
      const [sdkItems, sdkTotal] = args;
      const sdkWire = await logged(sdkSide, 'GET', '');
      const ours = await ctlOk('broadcast', 'list', '--session', ourSide.sessionId, ...l.ctl);
      const ourWire = await logged(ourSide, 'GET', '');

      // the same parameters as a set (the SDK's order is offset, count, sessionId)
      assert.deepEqual(wire(ourWire, ourSide), wire(sdkWire, sdkSide));
      assert.deepEqual(wire(sdkWire, sdkSide).query,
        Object.fromEntries([...Object.entries(l.sdk).map(([k, v]) => [k, String(v)]),
                            ['sessionId', '{session}']]));

      assert.equal(sdkTotal, 3);
      assert.equal(ours.total, 3);
      assert.deepEqual(sdkItems.map((b) => sdkSide.names.get(b.id)), l.want);
      assert.deepEqual(ours.items.map((b) => ourSide.names.get(b.id)), l.want);
      for (let i = 0; i < l.want.length; i++) {
        assertFields(sdkItems[i], ours.items[i], byName[l.want[i]], 'live');
        assertSameBroadcast(sdkItems[i], ours.items[i]);
      }
    });
  }

  it('list with offset 0: the SDK leaves a zero offset out, opentokd sends it', async () => {
    const { err, args } = await sdkCall(sdk, 'listBroadcasts', { sessionId: sdkSide.sessionId, offset: 0 });
    assert.ok(!err, err && err.message);
    const sdkWire = await logged(sdkSide, 'GET', '');
    const ours = await ctlOk('broadcast', 'list', '--session', ourSide.sessionId, '--offset', '0');
    const ourWire = await logged(ourSide, 'GET', '');
    assert.deepEqual(wire(sdkWire, sdkSide).query, { sessionId: '{session}' });
    assert.deepEqual(wire(ourWire, ourSide).query, { offset: '0', sessionId: '{session}' });
    assert.equal(args[1], 3);
    assert.equal(ours.total, 3);
    assert.deepEqual(args[0].map((b) => sdkSide.names.get(b.id)),
      ours.items.map((b) => ourSide.names.get(b.id)));
  });

  it('SDK quirk: the Broadcasts from listBroadcasts have a stop() that throws', async () => {
    const { args } = await sdkCall(sdk, 'listBroadcasts', { sessionId: sdkSide.sessionId, count: 1 });
    const item = args[0][0];
    // the list items are built without the SDK's client, so their stop() cannot reach the API
    const before = await requestCount();
    assert.throws(() => item.stop(() => {}), TypeError);
    assert.equal(await requestCount(), before);
    // the broadcast keeps running
    assert.equal((await sdkOk('getBroadcast', item.id)).status, 'started');
  });

  it('set layout: same request, same stored layout', async () => {
    const layouts = [
      { sdk: ['bestFit', null, 'horizontalPresentation'],
        ctl: ['--type', 'bestFit', '--screenshare-type', 'horizontalPresentation'],
        want: { type: 'bestFit', screenshareType: 'horizontalPresentation' } },
      { sdk: ['custom', 'stream.focus { width: 100%; }', undefined],
        ctl: ['--type', 'custom', '--stylesheet', 'stream.focus { width: 100%; }'],
        want: { type: 'custom', stylesheet: 'stream.focus { width: 100%; }' } },
      { sdk: ['verticalPresentation', undefined, undefined], ctl: ['--type', 'verticalPresentation'],
        want: { type: 'verticalPresentation' } },
    ];
    for (const l of layouts) {
      const { err } = await sdkCall(sdk, 'setBroadcastLayout', sdkSide.ids.one, ...l.sdk);
      assert.ok(!err, err && err.message);
      const sdkWire = await logged(sdkSide, 'PUT', `/${sdkSide.ids.one}/layout`);
      await ctlOk('broadcast', 'layout', ourSide.ids.one, ...l.ctl);
      const ourWire = await logged(ourSide, 'PUT', `/${ourSide.ids.one}/layout`);
      assert.deepEqual(wire(ourWire, ourSide), wire(sdkWire, sdkSide));
      assert.deepEqual(parseBody(sdkWire), l.want);
      const sdkB = await sdkOk('getBroadcast', sdkSide.ids.one);
      const ours = await ctlOk('broadcast', 'get', ourSide.ids.one);
      assert.deepEqual(sdkB.layout, l.want);
      assertSameBroadcast(sdkB, ours);
    }
  });

  it('add and remove a stream (manual mode): the SDK always sends both flags as true', async () => {
    const id = { sdk: sdkSide.ids.one, ours: ourSide.ids.one };
    const sdkPatch = () => logged(sdkSide, 'PATCH', `/${id.sdk}/streams`);
    const ourPatch = () => logged(ourSide, 'PATCH', `/${id.ours}/streams`);
    const streamsNow = async () => [
      (await sdkOk('getBroadcast', id.sdk)).streams,
      (await ctlOk('broadcast', 'get', id.ours)).streams,
    ];

    // video off: the SDK turns hasVideo:false into true (value || true), so it broadcasts video
    // that the caller asked to leave out; opentokd sends the flag as given
    let r = await sdkCall(sdk, 'addBroadcastStream', id.sdk, sdkSide.streamId, { hasVideo: false });
    assert.ok(!r.err, r.err && r.err.message);
    const sdkAdd = await sdkPatch();
    await ctlOk('broadcast', 'add-stream', id.ours, ourSide.streamId, '--no-video');
    const ourAdd = await ourPatch();
    assert.equal(wire(ourAdd, ourSide).path, wire(sdkAdd, sdkSide).path);
    assert.match(contentType(sdkAdd), /^application\/json/);
    assert.match(contentType(ourAdd), /^application\/json/);
    assert.deepEqual(wire(sdkAdd, sdkSide).body, { addStream: '{stream}', hasAudio: true, hasVideo: true });
    assert.deepEqual(wire(ourAdd, ourSide).body, { addStream: '{stream}', hasVideo: false });
    let [sdkStreams, ourStreams] = await streamsNow();
    assert.deepEqual(sdkStreams, [{ streamId: sdkSide.streamId, hasAudio: true, hasVideo: true }]);
    assert.deepEqual(ourStreams, [{ stream_id: ourSide.streamId, has_audio: true, has_video: false }]);

    // no options: the SDK sends both flags true, opentokd neither; the same stream either way
    r = await sdkCall(sdk, 'addBroadcastStream', id.sdk, sdkSide.streamId);
    assert.ok(!r.err, r.err && r.err.message);
    assert.deepEqual(wire(await sdkPatch(), sdkSide).body, { addStream: '{stream}', hasAudio: true, hasVideo: true });
    await ctlOk('broadcast', 'add-stream', id.ours, ourSide.streamId);
    assert.deepEqual(wire(await ourPatch(), ourSide).body, { addStream: '{stream}' });
    [sdkStreams, ourStreams] = await streamsNow();
    assert.deepEqual(sdkStreams, [{ streamId: sdkSide.streamId, hasAudio: true, hasVideo: true }]);
    assert.deepEqual(sdkShape(sdkStreams).map((x) => ({ ...x, stream_id: '<stream>' })),
      ourStreams.map((x) => ({ ...x, stream_id: '<stream>' })));

    // both off: the SDK still sends true/true and succeeds; opentokd refuses before sending
    r = await sdkCall(sdk, 'addBroadcastStream', id.sdk, sdkSide.streamId, { hasAudio: false, hasVideo: false });
    assert.ok(!r.err, r.err && r.err.message);
    assert.deepEqual(wire(await sdkPatch(), sdkSide).body, { addStream: '{stream}', hasAudio: true, hasVideo: true });
    await ctlRefusesLocally('broadcast', 'add-stream', id.ours, ourSide.streamId, '--no-audio', '--no-video');

    // remove: the same request
    r = await sdkCall(sdk, 'removeBroadcastStream', id.sdk, sdkSide.streamId);
    assert.ok(!r.err, r.err && r.err.message);
    const sdkRemove = await sdkPatch();
    await ctlOk('broadcast', 'remove-stream', id.ours, ourSide.streamId);
    const ourRemove = await ourPatch();
    assert.deepEqual(wire(ourRemove, ourSide), wire(sdkRemove, sdkSide));
    assert.deepEqual(wire(sdkRemove, sdkSide).body, { removeStream: '{stream}' });
    [sdkStreams, ourStreams] = await streamsNow();
    assert.deepEqual(sdkStreams, []);
    assert.deepEqual(ourStreams, []);
    assertSameBroadcast(await sdkOk('getBroadcast', id.sdk), await ctlOk('broadcast', 'get', id.ours));

    // add it back once more through both, so that stop has a stream to keep
    assert.ok(!(await sdkCall(sdk, 'addBroadcastStream', id.sdk, sdkSide.streamId)).err);
    await ctlOk('broadcast', 'add-stream', id.ours, ourSide.streamId);
  });

  it('stream changes: 405 in auto stream mode, 404 for an unknown stream', async () => {
    // add/remove hand the API's error over as it is (no "Failed to …" wrapping)
    let r = await sdkCall(sdk, 'addBroadcastStream', sdkSide.ids.two, sdkSide.streamId);
    assert.ok(r.err instanceof sdkErrors.RequestError, `SDK error ${r.err}`);
    let stderr = await ctlFails('NotAllowed', 'broadcast', 'add-stream', ourSide.ids.two, ourSide.streamId);
    assert.match(stderr, /405/);

    r = await sdkCall(sdk, 'removeBroadcastStream', sdkSide.ids.one, 'no-such-stream');
    assert.ok(r.err instanceof sdkErrors.NotFoundError, `SDK error ${r.err}`);
    stderr = await ctlFails('NotFound', 'broadcast', 'remove-stream', ourSide.ids.one, 'no-such-stream');
    assert.match(stderr, /404/);
  });

  it('stop: same broadcast; the SDK posts "{}", opentokd posts no body', async () => {
    const sdkB = await sdkOk('stopBroadcast', sdkSide.ids.one);
    const sdkWire = await logged(sdkSide, 'POST', `/${sdkSide.ids.one}/stop`);
    const ours = await ctlOk('broadcast', 'stop', ourSide.ids.one);
    const ourWire = await logged(ourSide, 'POST', `/${ourSide.ids.one}/stop`);
    assert.equal(wire(ourWire, ourSide).path, wire(sdkWire, sdkSide).path);
    assert.equal(sdkWire.body, '{}');
    assert.match(contentType(sdkWire), /^application\/json/);
    assert.equal(ourWire.body, '');
    assert.equal(sdkB.status, 'stopped');
    assert.equal(ours.status, 'stopped');
    // the API answers broadcastUrls: null; the SDK keeps the null, opentokd leaves it out
    assert.equal(sdkB.broadcastUrls, null);
    assert.ok(!('broadcast_urls' in ours));
    // the stream list stays as it was
    assert.deepEqual(sdkB.streams, [{ streamId: sdkSide.streamId, hasAudio: true, hasVideo: true }]);
    assertSameBroadcast(sdkB, ours);
    assertSameBroadcast(await sdkOk('getBroadcast', sdkSide.ids.one),
      await ctlOk('broadcast', 'get', ourSide.ids.one));
  });

  it('a stopped broadcast: stop, set layout and add stream are 409 for both', async () => {
    let r = await sdkCall(sdk, 'stopBroadcast', sdkSide.ids.one);
    assertWrapped(r.err, 'stop', 'already stopped');
    let stderr = await ctlFails('Conflict', 'broadcast', 'stop', ourSide.ids.one);
    assert.match(stderr, /409.*already stopped/);

    r = await sdkCall(sdk, 'setBroadcastLayout', sdkSide.ids.one, 'pip', undefined, undefined);
    assert.ok(r.err instanceof sdkErrors.RequestError, `SDK error ${r.err}`);
    assert.match(r.err.message, /stopped/);
    stderr = await ctlFails('Conflict', 'broadcast', 'layout', ourSide.ids.one, '--type', 'pip');
    assert.match(stderr, /409/);

    r = await sdkCall(sdk, 'addBroadcastStream', sdkSide.ids.one, sdkSide.streamId);
    assert.ok(r.err instanceof sdkErrors.RequestError, `SDK error ${r.err}`);
    stderr = await ctlFails('Conflict', 'broadcast', 'add-stream', ourSide.ids.one, ourSide.streamId);
    assert.match(stderr, /409/);
  });

  it('get a broadcast that does not exist: 404 for both', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const r = await sdkCall(sdk, 'getBroadcast', missing);
    assertWrapped(r.err, 'get', 'Not Found');
    const stderr = await ctlFails('NotFound', 'broadcast', 'get', missing);
    assert.match(stderr, /404/);
  });

  it('start on a relayed session: 409 for both', async () => {
    const relayed = await sdkSession('relayed');
    assert.equal((await join(relayed, sdk.generateToken(relayed))).status, 201);
    const r = await sdkCall(sdk, 'startBroadcast', relayed, { outputs: { hls: {} } });
    assertWrapped(r.err, 'start', 'Only routed sessions');
    assert.equal(r.args.length, 0);

    const ourRelayed = await ourSession('relayed');
    assert.equal((await join(ourRelayed, await ourToken(ourRelayed))).status, 201);
    const stderr = await ctlFails('Conflict', 'broadcast', 'start', ourRelayed, '--hls');
    assert.match(stderr, /409/);
    assert.match(stderr, /Only routed sessions/);
  });

  it('start where nobody is connected: 404 for both', async () => {
    const empty = await sdkSession();
    const r = await sdkCall(sdk, 'startBroadcast', empty, { outputs: { hls: {} } });
    assertWrapped(r.err, 'start', 'Not Found');
    const ourEmpty = await ourSession();
    const stderr = await ctlFails('NotFound', 'broadcast', 'start', ourEmpty, '--hls');
    assert.match(stderr, /404/);
  });

  it('a second broadcast without a tag: 409 for both', async () => {
    const first = await sdkOk('startBroadcast', sdkSide.extra, { outputs: { hls: {} } });
    const ourFirst = await ctlOk('broadcast', 'start', ourSide.extra, '--hls');
    try {
      const r = await sdkCall(sdk, 'startBroadcast', sdkSide.extra, { outputs: { hls: {} } });
      assertWrapped(r.err, 'start', 'already being broadcast');
      const stderr = await ctlFails('Conflict', 'broadcast', 'start', ourSide.extra, '--hls');
      assert.match(stderr, /409/);
      // nor with a tag, while the untagged one runs
      const t = await sdkCall(sdk, 'startBroadcast', sdkSide.extra,
        { outputs: { hls: {} }, multiBroadcastTag: 'peer-late' });
      assertWrapped(t.err, 'start', 'already being broadcast');
      await ctlFails('Conflict', 'broadcast', 'start', ourSide.extra, '--hls',
        '--multi-broadcast-tag', 'peer-late');
    } finally {
      await sdkCall(sdk, 'stopBroadcast', first.id);
      await ctl('broadcast', 'stop', ourFirst.id);
    }
  });

  it('more than five RTMP targets: the SDK gets the emulator\'s 400, opentokd refuses locally', async () => {
    const six = [1, 2, 3, 4, 5, 6].map((i) =>
      ({ serverUrl: 'rtmp://six.rtmp.example.test/live', streamName: `peer-six-${i}` }));
    const r = await sdkCall(sdk, 'startBroadcast', sdkSide.sessionId,
      { outputs: { rtmp: six }, multiBroadcastTag: 'peer-six' });
    // SDK quirk: every 400 from start becomes the same unrelated text
    assertWrapped(r.err, 'start', NODE_400);
    const sent = await logged(sdkSide, 'POST', '');
    assert.deepEqual(parseBody(sent),
      { sessionId: sdkSide.sessionId, outputs: { rtmp: six }, multiBroadcastTag: 'peer-six', streamMode: 'auto' });

    const stderr = await ctlRefusesLocally('broadcast', 'start', ourSide.sessionId,
      '--multi-broadcast-tag', 'peer-six',
      ...six.flatMap((t) => ['--rtmp', `${t.serverUrl}/${t.streamName}`]));
    assert.match(stderr, /rtmp/);
    assert.doesNotMatch(stderr, /400/);
  });

  it('HLS with dvr and lowLatency: refused locally by both, nothing sent', async () => {
    const before = await requestCount();
    const r = await sdkCall(sdk, 'startBroadcast', sdkSide.sessionId,
      { outputs: { hls: { dvr: true, lowLatency: true } }, multiBroadcastTag: 'peer-dvr' });
    assert.ok(r.err instanceof sdkErrors.ArgumentError, `SDK error ${r.err}`);
    assert.match(r.err.message, /dvr and lowLatency/);
    assert.equal(await requestCount(), before, 'the SDK sent dvr+lowLatency');
    const stderr = await ctlRefusesLocally('broadcast', 'start', ourSide.sessionId,
      '--hls-dvr', '--hls-low-latency', '--multi-broadcast-tag', 'peer-dvr');
    assert.match(stderr, /low_latency/);
  });

  it('other invalid options: opentokd refuses locally, the SDK sends them and gets a 400', async () => {
    const cases = [
      { sdk: {}, ctl: [] },
      { sdk: { outputs: { hls: {} }, maxDuration: 30 }, ctl: ['--hls', '--max-duration', '30'] },
      { sdk: { outputs: { hls: {} }, maxBitrate: 50 }, ctl: ['--hls', '--max-bitrate', '50'] },
      { sdk: { outputs: { hls: {} }, resolution: '1000x1000' }, ctl: ['--hls', '--resolution', '1000x1000'] },
      { sdk: { outputs: { hls: {} }, hasAudio: false, hasVideo: false },
        ctl: ['--hls', '--no-audio', '--no-video'] },
      { sdk: { outputs: { hls: {} }, layout: { type: 'custom' } }, ctl: ['--hls', '--layout', 'custom'] },
      { sdk: { outputs: { rtmp: [{ serverUrl: 'http://h.example.test/app', streamName: 'k' }] } },
        ctl: ['--rtmp', 'http://h.example.test/app/k'] },
    ];
    for (const c of cases) {
      const stderr = await ctlRefusesLocally('broadcast', 'start', ourSide.sessionId,
        '--multi-broadcast-tag', 'peer-bad', ...c.ctl);
      assert.doesNotMatch(stderr, /400/);

      const opts = { ...structuredClone(c.sdk), multiBroadcastTag: 'peer-bad' };
      const r = await sdkCall(sdk, 'startBroadcast', sdkSide.sessionId, opts);
      assertWrapped(r.err, 'start', NODE_400);
      const sent = await logged(sdkSide, 'POST', '');
      assert.deepEqual(parseBody(sent),
        { sessionId: sdkSide.sessionId, ...c.sdk, multiBroadcastTag: 'peer-bad', streamMode: 'auto' });
    }
  });

  it('the emulator\'s object form of broadcastUrls.rtmp: opentokd still gives a list with ids', async () => {
    const targets = [
      { id: 'alpha', serverUrl: 'rtmp://obj.rtmp.example.test/live', streamName: 'peer-obj-a' },
      { serverUrl: 'rtmps://obj.rtmp.example.test/live', streamName: 'peer-obj-b' },
    ];
    const set = await emu('POST', '/_emulator/options', { rtmpObjectForm: true });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.json.rtmpObjectForm, true);
    let sdkB;
    let ours;
    try {
      sdkB = await sdkOk('startBroadcast', sdkSide.extra, { outputs: { rtmp: targets } });
      ours = await ctlOk('broadcast', 'start', ourSide.extra, '--rtmp',
        `alpha=${targets[0].serverUrl}/${targets[0].streamName}`, '--rtmp',
        `${targets[1].serverUrl}/${targets[1].streamName}`);
      // the same request for both, the SDK's streamMode aside
      const sdkWire = await logged(sdkSide, 'POST', '', sdkSide.extra);
      const ourWire = await logged(ourSide, 'POST', '', ourSide.extra);
      assert.deepEqual({ ...parseBody(sdkWire), sessionId: '-' },
        { ...parseBody(ourWire), sessionId: '-', streamMode: 'auto' });

      // the API's answer, in the object form: the target without an id is keyed by its position
      const raw = await emu('GET', `${base}/${ours.id}`, undefined, { 'X-OPENTOK-AUTH': sdk.generateJwt() });
      assert.equal(raw.status, 200);
      assert.deepEqual(Object.keys(raw.json.broadcastUrls.rtmp).sort(), ['1', 'alpha']);
      // on the wire (not after JSON.parse) "alpha" comes first, as given
      const rtmpText = raw.text.slice(raw.text.indexOf('"rtmp":'));
      assert.ok(rtmpText.indexOf('"alpha":') < rtmpText.indexOf('"1":'), rtmpText);

      // what the SDK hands back: the object as it came, no ids inside, and (JavaScript puts
      // integer-like keys first) the targets no longer in the order they were given
      const want = (status) => ({
        alpha: { serverUrl: targets[0].serverUrl, streamName: targets[0].streamName, status },
        1: { serverUrl: targets[1].serverUrl, streamName: targets[1].streamName, status },
      });
      assert.ok(!Array.isArray(sdkB.broadcastUrls.rtmp));
      assert.deepEqual(sdkB.broadcastUrls.rtmp, want('connecting'));
      assert.deepEqual(Object.keys(sdkB.broadcastUrls.rtmp), ['1', 'alpha']);

      // opentokd: a list in the given order, each target with the key as its id, verbatim,
      // so the target given without an id now has the id "1"
      const ourWant = (status) => [
        { id: 'alpha', server_url: targets[0].serverUrl, stream_name: targets[0].streamName, status },
        { id: '1', server_url: targets[1].serverUrl, stream_name: targets[1].streamName, status },
      ];
      assert.deepEqual(ours.broadcast_urls.rtmp, ourWant('connecting'));

      // get and list: the same on both sides
      const sdkGot = await sdkOk('getBroadcast', sdkB.id);
      const ourGot = await ctlOk('broadcast', 'get', ours.id);
      assert.deepEqual(sdkGot.broadcastUrls.rtmp, want('live'));
      assert.deepEqual(ourGot.broadcast_urls.rtmp, ourWant('live'));
      const { args } = await sdkCall(sdk, 'listBroadcasts', { sessionId: sdkSide.extra, count: 1 });
      const ourList = await ctlOk('broadcast', 'list', '--session', ourSide.extra, '--count', '1');
      assert.deepEqual(args[0][0].broadcastUrls.rtmp, want('live'));
      assert.deepEqual(ourList.items[0].broadcast_urls.rtmp, ourWant('live'));

      // the control view stays in the array form, where the second target has no id
      const view = (await emu('GET', '/_emulator/broadcasts')).json.find((b) => b.id === ours.id);
      assert.deepEqual(view.broadcastUrls.rtmp.map((t) => t.id), ['alpha', undefined]);
    } finally {
      const reset = await emu('POST', '/_emulator/options', { rtmpObjectForm: false });
      assert.equal(reset.json.rtmpObjectForm, false);
      if (sdkB)
        await sdkCall(sdk, 'stopBroadcast', sdkB.id);
      if (ours)
        await ctl('broadcast', 'stop', ours.id);
    }
    // back in the array form
    const ourAfter = await ctlOk('broadcast', 'get', ours.id);
    assert.equal(ourAfter.status, 'stopped');
    assert.equal((await emu('GET', '/_emulator/options')).json.rtmpObjectForm, false);
  });

  it('stop the rest: both sessions end with the same broadcasts', async () => {
    for (const name of ['two', 'three']) {
      assert.equal((await sdkOk('stopBroadcast', sdkSide.ids[name])).status, 'stopped');
      assert.equal((await ctlOk('broadcast', 'stop', ourSide.ids[name])).status, 'stopped');
    }
    const { args } = await sdkCall(sdk, 'listBroadcasts', { sessionId: sdkSide.sessionId });
    const ours = await ctlOk('broadcast', 'list', '--session', ourSide.sessionId);
    assert.equal(args[1], 3);
    assert.equal(ours.total, 3);
    assert.deepEqual(args[0].map((b) => b.status), ['stopped', 'stopped', 'stopped']);
    assert.deepEqual(ours.items.map((b) => b.status), ['stopped', 'stopped', 'stopped']);
    for (let i = 0; i < 3; i++)
      assertSameBroadcast(args[0][i], ours.items[i]);
  });
});
