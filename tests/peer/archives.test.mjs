// Archives: the same operations done once with the official Node SDK and once with
// `opentokctl --json archive …` (opentokd's archives plugin) against the same emulator, each on
// its own routed session where a client publishes a stream. Compared: (a) the requests on the
// wire, from the emulator's request log; (b) the results and the errors. Where the two differ
// by design the difference is asserted, not hidden; README.md lists them.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiKey, newSdk, sdkCall, sdkErrors, emu, join, publish, lastRequest, requestCount, requestHeader,
  ctl, ctlOk,
} from './peer-env.mjs';

const sdk = newSdk();
const base = `/v2/project/${apiKey}/archive`;

// the archive tests need opentokctl's archive command and the emulator's archives
async function whyNot() {
  const help = await ctl('archive', '--help');
  if (help.code !== 0)
    return `opentokctl has no archive command (exit ${help.code}): archive peer tests skipped`;
  const probe = await emu('GET', base, undefined, { 'X-OPENTOK-AUTH': sdk.generateJwt() });
  if (probe.status === 404)
    return 'the emulator answers 404 for the archive list: archive peer tests skipped';
  return false;
}
const skip = await whyNot();
if (skip)
  console.log(`SKIP: ${skip}`);

// --- helpers ------------------------------------------------------------------------------

function snake(key) {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

// The SDK's Archive object as plain data in opentokd's shape: own fields only (not its stop and
// delete methods), keys snake_case at every depth, and null fields left out, as opentokd does.
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

// what may differ between the two sides' archives: their ids, their sessions' and streams' ids,
// and the clock; everything else must be equal
function comparable(archive, side) {
  const a = structuredClone(archive);
  assert.match(a.id, /^[0-9a-f-]{36}$/);
  assert.equal(a.session_id, side.sessionId);
  assert.equal(typeof a.created_at, 'number');
  // a download link only once available; it names the archive and carries its own signature
  if (a.status === 'available') {
    assert.ok(typeof a.url === 'string' && a.url.includes(a.id), `url ${a.url}`);
    a.url = '<url>';
  } else {
    assert.equal(a.url, undefined, 'a url before the archive is available');
  }
  a.id = side.names.get(a.id) ?? '<unknown archive>';
  a.session_id = '<session>';
  delete a.created_at;
  delete a.updated_at;
  // time-driven figures, whatever the emulator derives from the clock
  delete a.duration;
  delete a.size;
  for (const s of a.streams ?? []) {
    assert.equal(s.stream_id, side.streamId);
    s.stream_id = '<stream>';
  }
  return a;
}

function assertSameArchive(sdkArchive, ourArchive) {
  assert.deepEqual(comparable(sdkShape(sdkArchive), sdkSide), comparable(ourArchive, ourSide));
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

function logged(side, method, pathTail) {
  const want = `${base}${pathTail}`;
  return lastRequest(side.ua, (e) => e.method === method && e.path === want &&
    (method !== 'POST' || pathTail !== '' || parseBody(e).sessionId === side.sessionId));
}

function jsonType(e) {
  return requestHeader(e, 'Content-Type');
}

// each side: a routed session with one publishing client, and its archives by name
const sdkSide = { ua: 'sdk', names: new Map(), ids: {} };
const ourSide = { ua: 'daemon', names: new Map(), ids: {} };

function remember(side, name, id) {
  side.names.set(id, name);
  side.ids[name] = id;
}

async function stage(side, sessionId, token) {
  side.sessionId = sessionId;
  const r = await join(sessionId, token);
  assert.equal(r.status, 201, `join: ${r.text}`);
  side.connectionId = r.json.connectionId;
  side.streamId = await publish(sessionId, side.connectionId, 'peer camera');
}

// what an SDK call handed back, for assertion messages
function describeErr(r) {
  const what = (x) => (x instanceof Object ? `${x.constructor.name}(${x.message ?? JSON.stringify(x)})` : String(x));
  return `SDK called back with ${what(r.err)}, ${r.args.map(what).join(', ')}`;
}

// an SDK call that must succeed; returns its first result
async function sdkOk(method, ...args) {
  const { err, args: results } = await sdkCall(sdk, method, ...args);
  assert.ok(!err, `SDK ${method}: ${err && err.message}`);
  return results[0];
}

// an opentokctl call that must fail with exit code 1 and this error name
async function ctlFails(name, ...args) {
  const r = await ctl(...args);
  assert.equal(r.code, 1, `opentokctl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  assert.match(r.stderr, new RegExp(`^opentokctl: ${name}: `), r.stderr);
  return r.stderr;
}

// the three archives each side records, as SDK options and the same as opentokctl options
const starts = [
  {
    name: 'one',
    sdk: { name: 'peer composed', hasAudio: false, outputMode: 'composed', resolution: '1280x720',
           layout: { type: 'bestFit', screenshareType: 'pip' }, streamMode: 'manual',
           multiArchiveTag: 'peer-one', maxBitrate: 2000000 },
    ctl: ['--name', 'peer composed', '--no-audio', '--output-mode', 'composed',
          '--resolution', '1280x720', '--layout', 'bestFit', '--screenshare-type', 'pip',
          '--stream-mode', 'manual', '--multi-archive-tag', 'peer-one', '--max-bitrate', '2000000'],
  },
  {
    name: 'two',
    sdk: { name: 'peer individual', hasVideo: false, outputMode: 'individual',
           streamMode: 'auto', multiArchiveTag: 'peer-two' },
    ctl: ['--name', 'peer individual', '--no-video', '--output-mode', 'individual',
          '--stream-mode', 'auto', '--multi-archive-tag', 'peer-two'],
  },
  {
    name: 'three',
    sdk: { name: 'peer custom', layout: { type: 'custom', stylesheet: 'stream { width: 50%; }' },
           quantizationParameter: 25, multiArchiveTag: 'peer-three' },
    ctl: ['--name', 'peer custom', '--layout', 'custom', '--stylesheet', 'stream { width: 50%; }',
          '--quantization-parameter', '25', '--multi-archive-tag', 'peer-three'],
  },
];

// --- the tests ------------------------------------------------------------------------------

describe('archives: Node SDK and opentokctl side by side', { skip }, () => {
  before(async () => {
    const { err, args } = await sdkCall(sdk, 'createSession', { mediaMode: 'routed' });
    assert.ok(!err, err && err.message);
    const sdkSession = args[0].sessionId;
    await stage(sdkSide, sdkSession, sdk.generateToken(sdkSession, { role: 'publisher' }));
    const ourSession = (await ctlOk('session', 'create', '--media-mode', 'routed')).session_id;
    await stage(ourSide, ourSession, (await ctlOk('token', ourSession)).token);
  });

  for (const s of starts) {
    it(`start "${s.name}": same request, same archive`, async () => {
      const sdkArchive = await sdkOk('startArchive', sdkSide.sessionId, structuredClone(s.sdk));
      assert.ok(sdkArchive instanceof Object && typeof sdkArchive.stop === 'function');
      remember(sdkSide, s.name, sdkArchive.id);
      const sdkWire = await logged(sdkSide, 'POST', '');

      const ours = await ctlOk('archive', 'start', ourSide.sessionId, ...s.ctl);
      remember(ourSide, s.name, ours.id);
      const ourWire = await logged(ourSide, 'POST', '');

      // (a) one JSON body: sessionId and exactly the options given, on both sides
      assert.match(jsonType(sdkWire), /^application\/json/);
      assert.match(jsonType(ourWire), /^application\/json/);
      assert.deepEqual(wire(ourWire, ourSide), wire(sdkWire, sdkSide));
      assert.deepEqual(parseBody(sdkWire), { sessionId: sdkSide.sessionId, ...s.sdk });

      // (b) the same archive
      assert.equal(sdkArchive.status, 'started');
      assert.equal(ours.status, 'started');
      assert.equal(sdkArchive.name, s.sdk.name);
      assert.equal(ours.name, s.sdk.name);
      assert.equal(sdkArchive.sessionId, sdkSide.sessionId);
      assert.equal(ours.session_id, ourSide.sessionId);
      assert.equal(sdkArchive.hasAudio, s.sdk.hasAudio ?? true);
      assert.equal(ours.has_audio, s.sdk.hasAudio ?? true);
      assert.equal(sdkArchive.hasVideo, s.sdk.hasVideo ?? true);
      assert.equal(ours.has_video, s.sdk.hasVideo ?? true);
      assert.equal(sdkArchive.outputMode, s.sdk.outputMode ?? 'composed');
      assert.equal(ours.output_mode, s.sdk.outputMode ?? 'composed');
      assert.equal(sdkArchive.streamMode, s.sdk.streamMode ?? 'auto');
      assert.equal(ours.stream_mode, s.sdk.streamMode ?? 'auto');
      if (sdkArchive.outputMode === 'composed') {
        assert.equal(sdkArchive.resolution, s.sdk.resolution ?? '640x480');
        assert.equal(ours.resolution, sdkArchive.resolution);
      }
      if (s.sdk.layout) {
        assert.deepEqual(sdkArchive.layout, s.sdk.layout);
        assert.deepEqual(ours.layout, sdkShape(s.sdk.layout));
      }
      assertSameArchive(sdkArchive, ours);
    });
  }

  it('get: same request, same archive', async () => {
    for (const name of ['one', 'two', 'three']) {
      const sdkArchive = await sdkOk('getArchive', sdkSide.ids[name]);
      const sdkWire = await logged(sdkSide, 'GET', `/${sdkSide.ids[name]}`);
      const ours = await ctlOk('archive', 'get', ourSide.ids[name]);
      const ourWire = await logged(ourSide, 'GET', `/${ourSide.ids[name]}`);
      assert.deepEqual(wire(ourWire, ourSide), wire(sdkWire, sdkSide));
      assert.deepEqual(wire(sdkWire, sdkSide),
        { method: 'GET', path: `${base}/{${name}}`, query: null, body: undefined });
      assertSameArchive(sdkArchive, ours);
    }
  });

  // list filters: SDK options, opentokctl options, the archives expected (newest first)
  const lists = [
    { sdk: { count: 2 }, ctl: ['--count', '2'], want: ['three', 'two'] },
    { sdk: { offset: 1, count: 1 }, ctl: ['--offset', '1', '--count', '1'], want: ['two'] },
    { sdk: { offset: 2, count: 50 }, ctl: ['--offset', '2', '--count', '50'], want: ['one'] },
  ];
  for (const l of lists) {
    it(`list ${JSON.stringify(l.sdk)} of one session: same query, same page, same total`, async () => {
      const { err, args } = await sdkCall(sdk, 'listArchives', { sessionId: sdkSide.sessionId, ...l.sdk });
      assert.ok(!err, err && err.message);
      const [sdkItems, sdkTotal] = args;
      const sdkWire = await logged(sdkSide, 'GET', '');
      const ours = await ctlOk('archive', 'list', '--session', ourSide.sessionId, ...l.ctl);
      const ourWire = await logged(ourSide, 'GET', '');

      // the same parameters, compared as a set (the SDK sends offset, count, sessionId in that
      // order; the order carries no meaning)
      assert.deepEqual(wire(ourWire, ourSide), wire(sdkWire, sdkSide));
      assert.deepEqual(wire(sdkWire, sdkSide).query,
        Object.fromEntries([...Object.entries(l.sdk).map(([k, v]) => [k, String(v)]),
                            ['sessionId', '{session}']]));

      assert.equal(sdkTotal, 3);
      assert.equal(ours.total, 3);
      assert.deepEqual(sdkItems.map((a) => sdkSide.names.get(a.id)), l.want);
      assert.deepEqual(ours.items.map((a) => ourSide.names.get(a.id)), l.want);
      for (let i = 0; i < l.want.length; i++)
        assertSameArchive(sdkItems[i], ours.items[i]);
    });
  }

  it('list with offset 0: the SDK leaves a zero offset out, opentokd sends it', async () => {
    const { err, args } = await sdkCall(sdk, 'listArchives', { sessionId: sdkSide.sessionId, offset: 0 });
    assert.ok(!err);
    const sdkWire = await logged(sdkSide, 'GET', '');
    const ours = await ctlOk('archive', 'list', '--session', ourSide.sessionId, '--offset', '0');
    const ourWire = await logged(ourSide, 'GET', '');
    const sdkQuery = wire(sdkWire, sdkSide).query;
    const ourQuery = wire(ourWire, ourSide).query;
    assert.deepEqual(sdkQuery, { sessionId: '{session}' });
    assert.deepEqual(ourQuery, { offset: '0', sessionId: '{session}' });
    // the same meaning: offset 0 is the default
    assert.equal(args[1], 3);
    assert.equal(ours.total, 3);
    assert.deepEqual(args[0].map((a) => sdkSide.names.get(a.id)),
      ours.items.map((a) => ourSide.names.get(a.id)));
  });

  it('set layout: same request, same stored layout', async () => {
    const layouts = [
      { sdk: ['bestFit', null, 'horizontalPresentation'],
        ctl: ['--type', 'bestFit', '--screenshare-type', 'horizontalPresentation'],
        want: { type: 'bestFit', screenshareType: 'horizontalPresentation' } },
      { sdk: ['custom', 'stream.focus { width: 100%; }', undefined],
        ctl: ['--type', 'custom', '--stylesheet', 'stream.focus { width: 100%; }'],
        want: { type: 'custom', stylesheet: 'stream.focus { width: 100%; }' } },
      { sdk: ['pip', undefined, undefined], ctl: ['--type', 'pip'], want: { type: 'pip' } },
    ];
    for (const l of layouts) {
      const { err } = await sdkCall(sdk, 'setArchiveLayout', sdkSide.ids.one, ...l.sdk);
      assert.ok(!err, err && err.message);
      const sdkWire = await logged(sdkSide, 'PUT', `/${sdkSide.ids.one}/layout`);
      await ctlOk('archive', 'layout', ourSide.ids.one, ...l.ctl);
      const ourWire = await logged(ourSide, 'PUT', `/${ourSide.ids.one}/layout`);
      assert.deepEqual(wire(ourWire, ourSide), wire(sdkWire, sdkSide));
      assert.deepEqual(parseBody(sdkWire), l.want);
      const sdkArchive = await sdkOk('getArchive', sdkSide.ids.one);
      const ours = await ctlOk('archive', 'get', ourSide.ids.one);
      assert.deepEqual(sdkArchive.layout, l.want);
      assertSameArchive(sdkArchive, ours);
    }
  });

  it('set layout on an individual archive: 400 for both', async () => {
    const { err } = await sdkCall(sdk, 'setArchiveLayout', sdkSide.ids.two, 'pip', undefined, undefined);
    assert.ok(err instanceof sdkErrors.RequestError, `SDK error ${err && err.constructor.name}`);
    assert.match(err.message, /individual/);
    const stderr = await ctlFails('InvalidArgs', 'archive', 'layout', ourSide.ids.two, '--type', 'pip');
    assert.match(stderr, /400/);
  });

  it('add and remove a stream (manual stream mode): same effect; the SDK always sends both flags',
    async () => {
      // add with video off
      let r = await sdkCall(sdk, 'addArchiveStream', sdkSide.ids.one, sdkSide.streamId, { hasVideo: false });
      assert.ok(!r.err, r.err && r.err.message);
      const sdkAdd = await logged(sdkSide, 'PATCH', `/${sdkSide.ids.one}/streams`);
      await ctlOk('archive', 'add-stream', ourSide.ids.one, ourSide.streamId, '--no-video');
      const ourAdd = await logged(ourSide, 'PATCH', `/${ourSide.ids.one}/streams`);
      assert.equal(wire(ourAdd, ourSide).path, wire(sdkAdd, sdkSide).path);
      // SDK difference: it fills in hasAudio (default true) itself; opentokd sends only the
      // options given and leaves the default to the service
      assert.deepEqual(wire(sdkAdd, sdkSide).body, { addStream: '{stream}', hasAudio: true, hasVideo: false });
      assert.deepEqual(wire(ourAdd, ourSide).body, { addStream: '{stream}', hasVideo: false });
      let sdkArchive = await sdkOk('getArchive', sdkSide.ids.one);
      let ours = await ctlOk('archive', 'get', ourSide.ids.one);
      assert.deepEqual(sdkArchive.streams, [{ streamId: sdkSide.streamId, hasAudio: true, hasVideo: false }]);
      assertSameArchive(sdkArchive, ours);

      // add again with no options: the SDK sends both flags true, opentokd neither
      r = await sdkCall(sdk, 'addArchiveStream', sdkSide.ids.one, sdkSide.streamId);
      assert.ok(!r.err);
      const sdkAgain = await logged(sdkSide, 'PATCH', `/${sdkSide.ids.one}/streams`);
      await ctlOk('archive', 'add-stream', ourSide.ids.one, ourSide.streamId);
      const ourAgain = await logged(ourSide, 'PATCH', `/${ourSide.ids.one}/streams`);
      assert.deepEqual(wire(sdkAgain, sdkSide).body, { addStream: '{stream}', hasAudio: true, hasVideo: true });
      assert.deepEqual(wire(ourAgain, ourSide).body, { addStream: '{stream}' });
      sdkArchive = await sdkOk('getArchive', sdkSide.ids.one);
      ours = await ctlOk('archive', 'get', ourSide.ids.one);
      assert.deepEqual(sdkArchive.streams, [{ streamId: sdkSide.streamId, hasAudio: true, hasVideo: true }]);
      assertSameArchive(sdkArchive, ours);

      // remove: the same body
      r = await sdkCall(sdk, 'removeArchiveStream', sdkSide.ids.one, sdkSide.streamId);
      assert.ok(!r.err, r.err && r.err.message);
      const sdkRemove = await logged(sdkSide, 'PATCH', `/${sdkSide.ids.one}/streams`);
      await ctlOk('archive', 'remove-stream', ourSide.ids.one, ourSide.streamId);
      const ourRemove = await logged(ourSide, 'PATCH', `/${ourSide.ids.one}/streams`);
      assert.deepEqual(wire(ourRemove, ourSide), wire(sdkRemove, sdkSide));
      assert.deepEqual(wire(sdkRemove, sdkSide).body, { removeStream: '{stream}' });
      sdkArchive = await sdkOk('getArchive', sdkSide.ids.one);
      ours = await ctlOk('archive', 'get', ourSide.ids.one);
      assert.deepEqual(sdkArchive.streams, []);
      assertSameArchive(sdkArchive, ours);
    });

  it('stream changes: 405 in auto stream mode, 404 for an unknown stream', async () => {
    let r = await sdkCall(sdk, 'addArchiveStream', sdkSide.ids.two, sdkSide.streamId);
    assert.ok(r.err instanceof sdkErrors.ArchiveError);
    assert.equal(r.err.message, 'Unsupported Stream Mode');
    let stderr = await ctlFails('NotAllowed', 'archive', 'add-stream', ourSide.ids.two, ourSide.streamId);
    assert.match(stderr, /405/);

    r = await sdkCall(sdk, 'removeArchiveStream', sdkSide.ids.one, 'no-such-stream');
    assert.ok(r.err instanceof sdkErrors.ArchiveError);
    assert.equal(r.err.message, 'Archive or stream not found');
    stderr = await ctlFails('NotFound', 'archive', 'remove-stream', ourSide.ids.one, 'no-such-stream');
    assert.match(stderr, /404/);
  });

  it('stop: same archive; the SDK posts "{}", opentokd posts no body', async () => {
    const sdkArchive = await sdkOk('stopArchive', sdkSide.ids.one);
    const sdkWire = await logged(sdkSide, 'POST', `/${sdkSide.ids.one}/stop`);
    const ours = await ctlOk('archive', 'stop', ourSide.ids.one);
    const ourWire = await logged(ourSide, 'POST', `/${ourSide.ids.one}/stop`);
    assert.equal(wire(ourWire, ourSide).path, wire(sdkWire, sdkSide).path);
    assert.equal(sdkWire.body, '{}');
    assert.match(jsonType(sdkWire), /^application\/json/);
    assert.equal(ourWire.body, '');
    assert.equal(sdkArchive.status, 'stopped');
    assert.equal(ours.status, 'stopped');
    assertSameArchive(sdkArchive, ours);
  });

  it('stop an archive that is not recording: 409 for both', async () => {
    const r = await sdkCall(sdk, 'stopArchive', sdkSide.ids.one);
    assert.ok(r.err instanceof sdkErrors.ArchiveError);
    assert.match(r.err.message, /not recording/);
    const stderr = await ctlFails('Conflict', 'archive', 'stop', ourSide.ids.one);
    assert.match(stderr, /409/);
    assert.match(stderr, /not recording/);
  });

  it('delete an archive that is recording: 409 for both', async () => {
    const r = await sdkCall(sdk, 'deleteArchive', sdkSide.ids.two);
    // the SDK maps only 404 for delete: a 409 comes back as its generic RequestError
    assert.ok(r.err instanceof sdkErrors.RequestError);
    assert.match(r.err.message, /still recording/);
    const stderr = await ctlFails('Conflict', 'archive', 'delete', ourSide.ids.two);
    assert.match(stderr, /409/);
  });

  it('delete an available archive: same request, then both see it deleted', async () => {
    for (const side of [sdkSide, ourSide]) {
      const r = await emu('POST', `/_emulator/archives/${side.ids.one}/status`, { status: 'available' });
      assert.ok(r.status >= 200 && r.status < 300, `advancing the archive: ${r.status} ${r.text}`);
    }
    const sdkBefore = await sdkOk('getArchive', sdkSide.ids.one);
    const oursBefore = await ctlOk('archive', 'get', ourSide.ids.one);
    assert.equal(sdkBefore.status, 'available');
    assertSameArchive(sdkBefore, oursBefore);

    const r = await sdkCall(sdk, 'deleteArchive', sdkSide.ids.one);
    assert.ok(!r.err, r.err && r.err.message);
    const sdkWire = await logged(sdkSide, 'DELETE', `/${sdkSide.ids.one}`);
    await ctlOk('archive', 'delete', ourSide.ids.one);
    const ourWire = await logged(ourSide, 'DELETE', `/${ourSide.ids.one}`);
    assert.deepEqual(wire(ourWire, ourSide), wire(sdkWire, sdkSide));
    assert.deepEqual(wire(sdkWire, sdkSide),
      { method: 'DELETE', path: `${base}/{one}`, query: null, body: undefined });

    // a deleted archive stays, with status "deleted" and no url, and still counts
    const sdkAfter = await sdkOk('getArchive', sdkSide.ids.one);
    const oursAfter = await ctlOk('archive', 'get', ourSide.ids.one);
    assert.equal(sdkAfter.status, 'deleted');
    assert.equal(oursAfter.status, 'deleted');
    assertSameArchive(sdkAfter, oursAfter);
    const { args } = await sdkCall(sdk, 'listArchives', { sessionId: sdkSide.sessionId });
    const ours = await ctlOk('archive', 'list', '--session', ourSide.sessionId);
    assert.equal(args[1], 3);
    assert.equal(ours.total, 3);
  });

  it('get an archive that does not exist: 404 for both', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const g = await sdkCall(sdk, 'getArchive', missing);
    assert.ok(g.err instanceof sdkErrors.NotFoundError);
    assert.equal(g.err.message, 'Archive not found');
    const stderr = await ctlFails('NotFound', 'archive', 'get', missing);
    assert.match(stderr, /404/);
    const d = await sdkCall(sdk, 'deleteArchive', missing);
    assert.ok(d.err instanceof sdkErrors.ArchiveError);
    assert.equal(d.err.message, 'Archive not found');
    await ctlFails('NotFound', 'archive', 'delete', missing);
  });

  it('start on a relayed session: 409; the SDK hands its ArchiveError in second place', async () => {
    const { args } = await sdkCall(sdk, 'createSession', { mediaMode: 'relayed' });
    const relayed = args[0].sessionId;
    assert.equal((await join(relayed, sdk.generateToken(relayed))).status, 201);
    const r = await sdkCall(sdk, 'startArchive', relayed, { name: 'x' });
    // SDK quirk: callback(err, archiveError) — the first argument is the generic RequestError
    // with the service's message, the specific ArchiveError comes where the archive would be
    assert.ok(r.err instanceof sdkErrors.RequestError);
    assert.match(r.err.message, /Only routed sessions/);
    assert.ok(r.args[0] instanceof sdkErrors.ArchiveError);

    const ourRelayed = (await ctlOk('session', 'create', '--media-mode', 'relayed')).session_id;
    assert.equal((await join(ourRelayed, (await ctlOk('token', ourRelayed)).token)).status, 201);
    const stderr = await ctlFails('Conflict', 'archive', 'start', ourRelayed, '--name', 'x');
    assert.match(stderr, /409/);
    assert.match(stderr, /Only routed sessions/);
  });

  it('start on a session nobody joined, and on an unknown one: 404 for both', async () => {
    const { args } = await sdkCall(sdk, 'createSession', { mediaMode: 'routed' });
    const empty = args[0].sessionId;
    let r = await sdkCall(sdk, 'startArchive', empty, {});
    assert.ok(r.err instanceof sdkErrors.ArchiveError, describeErr(r));
    assert.equal(r.err.message, 'Session not found');
    let stderr = await ctlFails('NotFound', 'archive', 'start', empty);
    assert.match(stderr, /404/);

    // a well-formed id of this project that the emulator never created
    const unknown = '1_' + Buffer.from(`1~${apiKey}~~1700000000000~peerunknown~~~`)
      .toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    r = await sdkCall(sdk, 'startArchive', unknown, {});
    assert.ok(r.err instanceof sdkErrors.ArchiveError, describeErr(r));
    stderr = await ctlFails('NotFound', 'archive', 'start', unknown);
    assert.match(stderr, /404/);
  });

  it('start with a tag already recording: 409 for both', async () => {
    const r = await sdkCall(sdk, 'startArchive', sdkSide.sessionId, { multiArchiveTag: 'peer-two' });
    assert.ok(r.err instanceof sdkErrors.RequestError);
    assert.ok(r.args[0] instanceof sdkErrors.ArchiveError);
    const stderr = await ctlFails('Conflict', 'archive', 'start', ourSide.sessionId,
      '--multi-archive-tag', 'peer-two');
    assert.match(stderr, /409/);
  });

  it('invalid options: opentokd refuses locally, the SDK sends them and the emulator refuses', async () => {
    const cases = [
      { sdk: { resolution: '1000x1000' }, ctl: ['--resolution', '1000x1000'] },
      { sdk: { hasAudio: false, hasVideo: false }, ctl: ['--no-audio', '--no-video'] },
      { sdk: { outputMode: 'individual', resolution: '1280x720' },
        ctl: ['--output-mode', 'individual', '--resolution', '1280x720'] },
      { sdk: { layout: { type: 'custom' } }, ctl: ['--layout', 'custom'] },
    ];
    for (const c of cases) {
      const before = await requestCount();
      const stderr = await ctlFails('InvalidArgs', 'archive', 'start', ourSide.sessionId, ...c.ctl);
      assert.equal(await requestCount(), before, `opentokd sent ${c.ctl.join(' ')}`);
      assert.doesNotMatch(stderr, /400/);

      const r = await sdkCall(sdk, 'startArchive', sdkSide.sessionId, { multiArchiveTag: 'bad', ...c.sdk });
      assert.ok(r.err instanceof sdkErrors.RequestError, `SDK ${JSON.stringify(c.sdk)}: ${r.err}`);
      const sent = await logged(sdkSide, 'POST', '');
      assert.deepEqual(parseBody(sent), { sessionId: sdkSide.sessionId, multiArchiveTag: 'bad', ...c.sdk });
    }
  });

  it('stop the rest: both sessions end with the same archives', async () => {
    for (const name of ['two', 'three']) {
      assert.equal((await sdkOk('stopArchive', sdkSide.ids[name])).status, 'stopped');
      assert.equal((await ctlOk('archive', 'stop', ourSide.ids[name])).status, 'stopped');
    }
    const { args } = await sdkCall(sdk, 'listArchives', { sessionId: sdkSide.sessionId });
    const ours = await ctlOk('archive', 'list', '--session', ourSide.sessionId);
    assert.deepEqual(args[0].map((a) => a.status), ['stopped', 'stopped', 'deleted']);
    assert.deepEqual(ours.items.map((a) => a.status), ['stopped', 'stopped', 'deleted']);
    for (let i = 0; i < 3; i++)
      assertSameArchive(args[0][i], ours.items[i]);
  });
});
