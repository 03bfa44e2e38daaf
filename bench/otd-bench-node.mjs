// The peer's side of the benchmarks: the official Node SDK (opentok@2.23.2, installed by
// bench/run.sh into a scratch folder) doing the same work in-process, against the same
// emulator. Prints key=value lines like the C clients.
//
//   node otd-bench-node.mjs SDK_DIR tokens SESSION SECONDS
//   node otd-bench-node.mjs SDK_DIR list URL KEY SECRET_FILE N DEPTH
//   node otd-bench-node.mjs SDK_DIR seed URL KEY SECRET_FILE
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [sdkDir, mode, ...args] = process.argv.slice(2);
const OpenTok = createRequire(path.join(sdkDir, 'node_modules', 'opentok', 'package.json'))('opentok');

function readSecret(file) {
  return readFileSync(file, 'utf8').replace(/\n$/, '');
}

function quantile(sorted, q) {
  return sorted.length ? sorted[Math.round(q * (sorted.length - 1))] : 0;
}

function report(label, latNs, wallNs, errors) {
  const us = latNs.map((ns) => Number(ns) / 1000).sort((a, b) => a - b);
  console.log(`case=${label} n=${us.length} rate=${Math.round((us.length * 1e9) / Number(wallNs))} ` +
    `p50_us=${quantile(us, 0.5).toFixed(1)} p99_us=${quantile(us, 0.99).toFixed(1)} errors=${errors}`);
}

// in-process token minting for SECONDS each: the default (JWT), then T1
function tokens(sessionId, seconds) {
  const ot = new OpenTok('123456', 'bench-secret-not-used-for-verification');
  for (const [label, t1] of [['node-jwt:1', false], ['node-t1:1', true]]) {
    for (let i = 0; i < 200; i++)
      ot.generateToken(sessionId, { role: 'subscriber', data: 'bench' }, t1);
    const lat = [];
    const t0 = process.hrtime.bigint();
    const end = t0 + BigInt(Math.round(seconds * 1e9));
    let now = t0;
    while (now < end) {
      ot.generateToken(sessionId, { role: 'subscriber', data: 'bench' }, t1);
      const t = process.hrtime.bigint();
      lat.push(t - now);
      now = t;
    }
    report(label, lat, now - t0, 0);
  }
}

// listArchives N times with DEPTH calls in flight
function list(url, key, secretFile, n, depth) {
  const ot = new OpenTok(key, readSecret(secretFile), { apiUrl: url });
  const lat = [];
  let sent = 0, done = 0, errors = 0, firstError = null;
  let t0;
  return new Promise((resolve) => {
    function one() {
      const start = process.hrtime.bigint();
      sent++;
      ot.listArchives({}, (err) => {
        if (err) {
          errors++;
          firstError ??= err;
        } else {
          lat.push(process.hrtime.bigint() - start);
        }
        done++;
        if (sent < n)
          one();
        else if (done === n)
          resolve();
      });
    }
    // a short warm-up opens the connections first
    let warm = 0;
    const warmN = Math.min(depth, 64);
    for (let i = 0; i < warmN; i++) {
      ot.listArchives({}, () => {
        if (++warm === warmN) {
          t0 = process.hrtime.bigint();
          for (let k = 0; k < depth && sent < n; k++)
            one();
        }
      });
    }
  }).then(() => {
    report(`node-list:${depth}`, lat, process.hrtime.bigint() - t0, errors);
    if (firstError)
      console.error(`otd-bench-node: list: ${errors} errors, the first: ${firstError.message}`);
  });
}

function call(target, method, ...rest) {
  return new Promise((resolve, reject) => {
    target[method](...rest, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

// a routed session with a client in it and four stopped archives: what List returns
async function seed(url, key, secretFile) {
  const ot = new OpenTok(key, readSecret(secretFile), { apiUrl: url });
  const session = await call(ot, 'createSession', { mediaMode: 'routed' });
  const res = await fetch(`${url}/_emulator/sessions/${session.sessionId}/clients`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: ot.generateToken(session.sessionId, { role: 'publisher' }) }),
  });
  if (res.status !== 201)
    throw new Error(`the emulator refused the client: HTTP ${res.status}`);
  let archive;
  for (let i = 1; i <= 4; i++) {
    archive = await call(ot, 'startArchive', session.sessionId, { name: `bench-${i}` });
    await call(ot, 'stopArchive', archive.id);
  }
  console.log(`session=${session.sessionId} archive=${archive.id}`);
}

if (mode === 'tokens')
  tokens(args[0], Number(args[1]));
else if (mode === 'list')
  await list(args[0], args[1], args[2], Number(args[3]), Number(args[4]));
else if (mode === 'seed')
  await seed(args[0], args[1], args[2]);
else {
  console.error('usage: otd-bench-node.mjs SDK_DIR tokens|list|seed ...');
  process.exit(2);
}
