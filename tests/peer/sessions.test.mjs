// Sessions: the official Node SDK creates relayed, routed and always-archived sessions against
// the emulator; opentokctl creates the same through opentokd; the emulator stores the same
// properties for both, and both sent the same form on the wire (modulo documented defaults).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiKey, sdkVersion, newSdk, sdkCall, emuSession, lastRequest, requestCount, ctl, ctlOk, decodeSessionId,
  requestHeader, authClaims,
} from './peer-env.mjs';

const sdk = newSdk();

// each kind: the SDK's createSession options, the same as opentokctl arguments, and what the
// emulator must have stored
const kinds = [
  {
    name: 'relayed',
    sdk: { mediaMode: 'relayed' },
    ctl: ['--media-mode', 'relayed'],
    want: { mediaMode: 'relayed', archiveMode: 'manual' },
  },
  {
    name: 'routed',
    sdk: { mediaMode: 'routed' },
    ctl: ['--media-mode', 'routed'],
    want: { mediaMode: 'routed', archiveMode: 'manual' },
  },
  {
    name: 'always archived',
    sdk: { mediaMode: 'routed', archiveMode: 'always', archiveName: 'peer weekly',
           archiveResolution: '1280x720' },
    ctl: ['--media-mode', 'routed', '--archive-mode', 'always', '--archive-name', 'peer weekly',
          '--archive-resolution', '1280x720'],
    want: { mediaMode: 'routed', archiveMode: 'always', archiveName: 'peer weekly',
            archiveResolution: '1280x720' },
  },
  {
    name: 'routed near a location',
    sdk: { mediaMode: 'routed', location: '12.34.56.78' },
    ctl: ['--media-mode', 'routed', '--location', '12.34.56.78'],
    want: { mediaMode: 'routed', archiveMode: 'manual', location: '12.34.56.78' },
  },
  {
    // the SDK has no e2ee option of its own but passes unknown keys through (reference §1.2)
    name: 'end-to-end encrypted',
    sdk: { mediaMode: 'routed', e2ee: true },
    ctl: ['--media-mode', 'routed', '--e2ee'],
    want: { mediaMode: 'routed', archiveMode: 'manual', e2ee: true },
  },
];

// what the emulator stores, without what differs between any two sessions
function stored(session) {
  const { sessionId, createdAt, clientCount, ...rest } = session;
  return rest;
}

async function sdkCreate(options) {
  const { err, args } = await sdkCall(sdk, 'createSession', { ...options });
  assert.equal(err, null, `SDK createSession failed: ${err && err.message}`);
  return args[0].sessionId;
}

function form(entry) {
  return Object.fromEntries(new URLSearchParams(entry.body));
}

describe('sessions created by the Node SDK and by opentokd', () => {
  for (const kind of kinds) {
    it(`${kind.name}: same id format, same stored properties, same form on the wire`, async () => {
      const sdkId = await sdkCreate(kind.sdk);
      const sdkWire = await lastRequest('sdk', (e) => e.method === 'POST' && e.path === '/session/create');

      // the id decodes to 1~KEY~location~ms~random~P-if-relayed~~
      const fields = decodeSessionId(sdkId);
      assert.equal(sdkId.slice(0, 2), '1_');
      assert.equal(fields[0], '1');
      assert.equal(fields[1], apiKey, `field 1 of ${fields.join('~')} is not the key`);
      assert.equal(fields[2], kind.want.location ?? '');
      assert.equal(fields[5], kind.want.mediaMode === 'relayed' ? 'P' : '');

      const sdkSession = await emuSession(sdkId);
      for (const [k, v] of Object.entries(kind.want))
        assert.deepEqual(sdkSession[k], v, `emulator's ${k} for the SDK's ${kind.name} session`);

      const ours = await ctlOk('session', 'create', ...kind.ctl);
      const ourId = ours.session_id;
      const ourWire = await lastRequest('daemon', (e) => e.method === 'POST' && e.path === '/session/create');
      assert.equal(decodeSessionId(ourId)[1], apiKey);
      assert.notEqual(ourId, sdkId);

      // the emulator keeps the same properties for both sessions
      assert.deepEqual(stored(await emuSession(ourId)), stored(sdkSession));

      // on the wire: both form-encoded with a JSON answer asked for; the same fields, except
      // that the SDK always adds archiveMode (default "manual") and opentokd sends only what
      // was asked for (DESIGN §4, "What is sent")
      for (const e of [sdkWire, ourWire]) {
        assert.match(requestHeader(e, 'Content-Type'), /^application\/x-www-form-urlencoded/);
        assert.equal(requestHeader(e, 'Accept'), 'application/json');
        assert.equal(e.query, null);
      }
      const sdkForm = form(sdkWire);
      const ourForm = form(ourWire);
      if (kind.sdk.archiveMode === undefined) {
        assert.equal(sdkForm.archiveMode, 'manual', 'the SDK sends its default archiveMode');
        assert.equal(ourForm.archiveMode, undefined, 'opentokd sends no archiveMode unless asked');
        delete sdkForm.archiveMode;
      }
      assert.deepEqual(ourForm, sdkForm);
      assert.equal(ourForm['p2p.preference'], kind.want.mediaMode === 'relayed' ? 'enabled' : 'disabled');
    });
  }

  it('headers: both authenticate alike; the SDK adds a stray "headers" header', async () => {
    await sdkCreate({ mediaMode: 'routed' });
    const sdkWire = await lastRequest('sdk', (e) => e.path === '/session/create');
    await ctlOk('session', 'create', '--media-mode', 'routed');
    const ourWire = await lastRequest('daemon', (e) => e.path === '/session/create');

    const sdkAuth = authClaims(sdkWire);
    const ourAuth = authClaims(ourWire);
    for (const { header, claims } of [sdkAuth, ourAuth]) {
      assert.equal(header.alg, 'HS256');
      assert.equal(claims.iss, apiKey);
      assert.equal(claims.ist, 'project');
      assert.ok(Number.isInteger(claims.iat) && Number.isInteger(claims.exp));
      assert.ok(claims.exp > claims.iat && claims.exp - claims.iat <= 300);
    }
    // differences: the SDK's JWT lives 300 s and has no jti; opentokd's lives less and has one
    assert.equal(sdkAuth.claims.exp - sdkAuth.claims.iat, 300);
    assert.equal(sdkAuth.claims.jti, undefined);
    assert.equal(typeof ourAuth.claims.jti, 'string');

    assert.equal(requestHeader(sdkWire, 'User-Agent'), `OpenTok-Node-SDK/${sdkVersion}`);
    assert.match(requestHeader(ourWire, 'User-Agent'), /^opentokd\/\d+\.\d+\.\d+$/);
    // SDK 2.23.2 spreads its own headers and then adds the caller's extra headers object under
    // the key "headers", which goes on the wire as "headers: [object Object]"
    assert.equal(requestHeader(sdkWire, 'headers'), '[object Object]');
    assert.equal(requestHeader(ourWire, 'headers'), undefined);
  });

  it('default media mode: relayed for both', async () => {
    const sdkId = await sdkCreate({});
    const ours = await ctlOk('session', 'create');
    assert.equal((await emuSession(sdkId)).mediaMode, 'relayed');
    assert.equal((await emuSession(ours.session_id)).mediaMode, 'relayed');
  });

  it('always archiving on a relayed session: refused locally by both, nothing sent', async () => {
    const before = await requestCount();
    const { err } = await sdkCall(sdk, 'createSession', { mediaMode: 'relayed', archiveMode: 'always' });
    assert.ok(err instanceof Error, 'the SDK refuses always + relayed');
    const r = await ctl('session', 'create', '--media-mode', 'relayed', '--archive-mode', 'always');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /InvalidArgs/);
    assert.equal(await requestCount(), before, 'a request reached the emulator');
  });

  it('a location that is not IPv4: refused locally by both', async () => {
    const { err } = await sdkCall(sdk, 'createSession', { location: 'example.com' });
    assert.ok(err instanceof Error);
    const r = await ctl('session', 'create', '--location', 'example.com');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /InvalidArgs/);
  });
});
