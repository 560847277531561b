#!/usr/bin/env node
// The side-by-side benchmark of `make bench`. In this one Node process, on the same definitions and
// inputs (bench/workloads/), with the same task answers (every Lambda task echoes its Payload,
// lambda:invoke wrapped as AWS wraps it):
//   - ASL Playground's engine compiled to wasm exactly as the page ships it (cargo profile
//     wasm-engine: opt-level 3, fat LTO, one codegen unit; then wasm-opt -O3), bench/out/wasm-engine/;
//   - the same at opt-level "z" + wasm-opt -Oz (what "z" would cost), bench/out/wasm-z/;
//   - aws-local-stepfunctions, pinned in bench/package.json;
// and, started from here so that every engine of a workload is timed within the same few seconds,
// the native engine (`asl bench`), the hand-written limit (examples/limit.rs) and the native build
// of the wasm harness (`bench-native`: the native outputs checked, the definition-load timings).
//
// Each engine runs warm-up runs, then timed runs; a figure is the median of its timed runs, and with
// --rounds R (default 3) the lowest of the R rounds' medians (rounds go over the whole list, so a
// burst of load from elsewhere spoils one round of a workload, not all). Every final output is
// compared with the native engine's; a difference is printed and the exit status is 1.
//
//   node --expose-gc bench/side-by-side.mjs [--rounds R] [--only NAME,...] [--no-z]
//
// Installs and builds nothing: scripts/bench.py (make bench) builds target/ and bench/out/ and
// runs `npm ci` in bench/ first.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// aws-local-stepfunctions 3.0.0 declares node >= 22 and calls Promise.withResolvers (Node 22) in
// every Task state; this machine has Node 20. The polyfill is the standard one.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve, reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const OUT = join(HERE, 'out');
const require = createRequire(import.meta.url);
const { StateMachine } = await import('aws-local-stepfunctions');
const alsVersion = JSON.parse(readFileSync(join(HERE, 'node_modules/aws-local-stepfunctions/package.json'), 'utf8')).version;

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const only = option('--only')?.split(',');
const ROUNDS = Number(option('--rounds') ?? 3);

const BIN = {
  asl: join(ROOT, 'target/release/asl'),
  limit: join(ROOT, 'target/release/examples/limit'),
  harness: join(ROOT, 'target/release/bench-native'),
};
for (const [name, path] of Object.entries(BIN)) if (!existsSync(path)) BIN[name] = null;
const WASM = [
  { key: 'wasm', dir: join(OUT, 'wasm-engine'), label: 'cargo profile wasm-engine (opt-level 3, lto, codegen-units 1) + wasm-opt -O3, as the page ships the engine Worker' },
  { key: 'wasmz', dir: join(OUT, 'wasm-z'), label: 'the same at opt-level "z" + wasm-opt -Oz (the page\'s own module is built so; the engine shipped so until it had a module of its own)' },
].filter((w) => existsSync(join(w.dir, 'bench_wasm.js')) && !(w.key === 'wasmz' && args.includes('--no-z')));
for (const w of WASM) {
  w.module = require(join(w.dir, 'bench_wasm.js'));
  w.bytes = statSync(join(w.dir, 'bench_wasm_bg.wasm')).size;
}

const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
// Warm-up runs before the timed ones: the same count for every engine (scripts/bench.py too).
const warmupOf = (runs) => Math.max(1, Math.ceil(runs / 5));
const json = (file, argv) => JSON.parse(execFileSync(file, argv, { encoding: 'utf8', maxBuffer: 1 << 28 }));

// ---- the same task answers in both engines ----------------------------------------------------

// What our engine's echo returns for lambda:invoke (src/engine/task.rs, lambda_invoke_response).
const lambdaInvokeResponse = (payload) => ({
  ExecutedVersion: '$LATEST',
  Payload: payload,
  SdkHttpMetadata: {
    AllHttpHeaders: { 'X-Amz-Executed-Version': ['$LATEST'], 'Content-Type': ['application/json'] },
    HttpHeaders: { 'X-Amz-Executed-Version': '$LATEST', 'Content-Type': 'application/json' },
    HttpStatusCode: 200,
  },
  SdkResponseMetadata: { RequestId: '00000000-0000-0000-0000-000000000000' },
  StatusCode: 200,
});

// One local handler per Task state: aws-local-stepfunctions overrides Task states by name, passes
// the effective input (after Parameters) and takes the handler's value as the task's result.
function taskHandlers(definition) {
  const handlers = {};
  const walk = (machine) => {
    for (const [name, state] of Object.entries(machine.States ?? {})) {
      if (state.Type === 'Task') {
        const resource = String(state.Resource);
        // lambda:invoke: wrapped as our echo wraps it; a function ARN, and any other integration
        // (our echo returns their payloads; none of the workloads reaches an SNS task, whose
        // answer is the outbox's): the input itself.
        handlers[name] = resource.startsWith('arn:aws:states:::lambda:invoke')
          ? async (input) => lambdaInvokeResponse(input?.Payload ?? {})
          : async (input) => input;
      }
      for (const branch of state.Branches ?? []) walk(branch);
      if (state.ItemProcessor ?? state.Iterator) walk(state.ItemProcessor ?? state.Iterator);
    }
  };
  walk(definition);
  return handlers;
}

// ---- output check -------------------------------------------------------------------------------

const canonical = (v) =>
  v === null || typeof v !== 'object'
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? `[${v.map(canonical).join(',')}]`
      : `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
          .join(',')}}`;

// The first place two JSON values differ, for the report.
function firstDifference(a, b, path = '$') {
  if (canonical(a) === canonical(b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = Array.isArray(a)
      ? Array.from({ length: Math.max(a.length, b.length) }, (_, i) => i)
      : [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const d = firstDifference(a[k], b[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`);
      if (d) return d;
    }
  }
  const show = (v) => (v === undefined ? 'absent' : JSON.stringify(v).slice(0, 160));
  return `${path}: ${show(a)} vs ${show(b)}`;
}

// ---- the engines: each returns {ms (median of a run), outcome?, transitions?} --------------------

function runAsl(w, spec) {
  const warm = warmupOf(spec.runs);
  const r = json(BIN.asl, ['bench', w.definitionPath, '--input', w.inputPath, '--runs', String(warm + spec.runs)]);
  return { ms: median(r.millis.slice(warm)), transitions: r.state_transitions_per_run, status: r.status };
}

function runLimit(w, spec) {
  const r = json(BIN.limit, [spec.name, w.inputPath, String(spec.runs), String(spec.batch), String(warmupOf(spec.runs))]);
  return { ms: median(r.samples_ms), outcome: r, transitions: r.transitions };
}

function runHarness(w) {
  const r = json(BIN.harness, ['run', w.definitionPath, w.inputPath, '1', '1', '0']);
  return { outcome: r, transitions: r.transitions };
}

function runWasm(engine, w, spec) {
  gc();
  const r = JSON.parse(engine.module.run(w.definitionText, w.inputText, spec.runs, spec.batch, warmupOf(spec.runs)));
  if (r.error && !r.status) return { failed: r.error };
  return { ms: median(r.samples_ms), outcome: r, transitions: r.transitions };
}

async function runAls(w, spec) {
  gc();
  let machine;
  try {
    machine = new StateMachine(w.definition);
  } catch (e) {
    return { rejected: String(e.message ?? e).split('\n').slice(0, 3).join(' ') };
  }
  const options = { overrides: { taskResourceLocalHandlers: taskHandlers(w.definition) } };
  const once = async () => {
    try {
      return { status: 'SUCCEEDED', output: await machine.run(w.input, options).result };
    } catch (e) {
      const cause = e?.cause ?? e;
      return { status: 'FAILED', error: cause?.name ?? String(e), cause: String(cause?.message ?? e) };
    }
  };
  const runs = spec.alsRuns;
  const batch = Math.min(spec.batch, runs);
  let last = null;
  for (let i = 0; i < warmupOf(runs); i++) last = await once();
  const samples = [];
  for (let b = 0; b < Math.ceil(runs / batch); b++) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) last = await once();
    samples.push((performance.now() - start) / batch);
  }
  return { ms: median(samples), outcome: last };
}

// Definition load, text → checked definition (the first load of each a warm-up).
const loadNative = (path, runs) => median(json(BIN.harness, ['load', path, String(runs)]).samples_ms);
function loadWasm(engine, text, runs) {
  gc();
  const r = JSON.parse(engine.module.load(text, runs));
  return r.error ? null : median(r.samples_ms);
}
function loadAls(text, runs) {
  gc();
  const samples = [];
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    new StateMachine(JSON.parse(text));
    if (i > 0) samples.push(performance.now() - start);
  }
  return median(samples);
}

// ---- the table ----------------------------------------------------------------------------------

const GOALS = { nativeLimit: 3, wasmNative: 1.5, speedup: 10, flat: 1.25, load10k: 20 };
const fmt = (v, digits = 0) =>
  v == null || Number.isNaN(v) ? 'n/a' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (v) => (v == null || Number.isNaN(v) ? 'n/a' : `${v.toFixed(v < 10 ? 2 : 1)}×`);
const mark = (v, ok) => (v == null ? '' : ok(v) ? ' ✓' : ' ✗');

function table(headers, rows, align) {
  const width = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const cell = (v, i) => (align[i] === 'l' ? String(v).padEnd(width[i]) : String(v).padStart(width[i]));
  const line = (r) => `| ${r.map(cell).join(' | ')} |`;
  const rule = `|${width.map((w, i) => (align[i] === 'l' ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

// Progress on stderr: one line, overwritten, on a terminal; else a line per round (per step, with
// its time, when BENCH_VERBOSE is set).
let stepStarted = performance.now();
let lastHead = null;
function progress(what) {
  const took = `${((performance.now() - stepStarted) / 1000).toFixed(1)} s`;
  stepStarted = performance.now();
  if (process.stderr.isTTY) {
    process.stderr.write(what ? `\rside-by-side: ${what}`.padEnd(70) : `\r${''.padEnd(70)}\r`);
  } else if (process.env.BENCH_VERBOSE) {
    process.stderr.write(`(${took})\n${what ? `side-by-side: ${what} ` : ''}`);
  } else if (what) {
    const head = what.split(',')[0];
    if (head !== lastHead) process.stderr.write(`side-by-side: ${head}\n`);
    lastHead = head;
  }
}

const best = (xs) => {
  const v = xs.filter((x) => x != null);
  return v.length ? Math.min(...v) : null;
};

async function main() {
  const manifest = JSON.parse(readFileSync(join(HERE, 'workloads/manifest.json'), 'utf8')).filter((s) => !only || only.includes(s.name));
  const load0 = loadavg()[0];
  const problems = [];
  const notes = [];
  const work = manifest.map((spec) => {
    const dir = join(HERE, 'workloads', spec.name);
    const w = { spec, definitionPath: join(dir, 'definition.json'), inputPath: join(dir, 'input.json') };
    w.definitionText = readFileSync(w.definitionPath, 'utf8');
    w.inputText = readFileSync(w.inputPath, 'utf8');
    w.definition = JSON.parse(w.definitionText);
    w.input = JSON.parse(w.inputText);
    w.ms = { asl: [], limit: [], wasm: [], wasmz: [], als: [] };
    return w;
  });

  for (let round = 1; round <= ROUNDS; round++) {
    for (const w of work) {
      const { spec } = w;
      progress(`round ${round}/${ROUNDS}, ${spec.name}`);
      const first = round === 1;
      // A native program that fails (or crashes) is reported, and the rest goes on.
      const attempt = (who, f) => {
        try {
          return f();
        } catch (e) {
          problems.push(`${spec.name}: ${who} failed: ${String(e.stderr || e.message).trim().slice(0, 300)}`);
          return null;
        }
      };
      for (const [key, f] of [['asl', runAsl], ['limit', runLimit]]) {
        const r = BIN[key] && (first || w[key]) ? attempt(key === 'asl' ? 'asl bench' : 'the limit', () => f(w, spec)) : null;
        if (r) w.ms[key].push(r.ms);
        if (first) w[key] = r;
      }
      if (first && BIN.harness) w.harness = attempt('bench-native', () => runHarness(w));
      for (const engine of WASM) {
        const r = runWasm(engine, w, spec);
        w.ms[engine.key].push(r.ms);
        if (first) w[engine.key] = r;
      }
      if (first || !(w.als?.rejected || w.alsNote)) {
        const r = await runAls(w, spec);
        w.ms.als.push(r.ms);
        if (first) w.als = r;
      }
      if (first) checkOutputs(w, problems, notes);
    }
  }
  progress(null);

  const ns = (ms, t) => (ms == null || !t ? null : (ms * 1e6) / t);
  const rows = work.map((w) => {
    const t = w.transitions;
    const x = { w, t };
    for (const k of ['asl', 'limit', 'wasm', 'wasmz', 'als']) x[k] = ns(best(w.ms[k]), t);
    if (w.alsNote) x.als = null;
    x.nl = x.asl && x.limit ? x.asl / x.limit : null;
    x.wn = x.wasm && x.asl ? x.wasm / x.asl : null;
    x.speed = x.als && x.wasm ? x.als / x.wasm : null;
    return x;
  });
  const mismatched = (name) => problems.some((p) => p.startsWith(`${name}:`));
  const render = (x) => [
    x.w.spec.name,
    fmt(x.t),
    fmt(x.asl),
    fmt(x.limit),
    ratio(x.nl) + mark(x.nl, (v) => v <= GOALS.nativeLimit),
    fmt(x.wasm),
    ratio(x.wn) + mark(x.wn, (v) => v <= GOALS.wasmNative),
    fmt(x.wasmz),
    x.w.alsNote ?? fmt(x.als),
    x.w.alsNote ? 'n/a' : ratio(x.speed) + mark(x.speed, (v) => v >= GOALS.speedup),
    mismatched(x.w.spec.name) ? 'MISMATCH' : x.w.alsNote ? 'ours agree' : 'all agree',
  ];
  const out = [];
  out.push(
    `make bench — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, aws-local-stepfunctions ${alsVersion}, ` +
      `load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} cores`,
  );
  out.push(`ns/tr: nanoseconds per state transition (one run's time ÷ the states it entered); each figure the lowest of ${ROUNDS} rounds' medians.`);
  out.push(`Goals (✓ met, ✗ not): native÷limit ≤ ${GOALS.nativeLimit} (native ≥ ⅓ of the limit), wasm÷native ≤ ${GOALS.wasmNative}, shipped wasm ≥ ${GOALS.speedup}× aws-local-stepfunctions.`);
  out.push('');
  const headers = ['workload', 'transitions', 'native ns/tr', 'limit ns/tr', 'native÷limit', 'wasm ns/tr', 'wasm÷native', 'wasm z ns/tr', 'aws-local ns/tr', 'speedup vs it', 'outputs'];
  out.push(table(headers, rows.map(render), ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l']));

  const order = rows.find((x) => x.w.spec.name === 'order');
  if (order) {
    const us = (v) => (v == null ? 'n/a' : `${fmt((v * order.t) / 1000, 1)} µs`);
    out.push('');
    out.push(
      `Per-run overhead, the order workflow (one run of 4 transitions and 3 echo tasks, definition loaded once): native ${us(order.asl)}, ` +
        `limit ${us(order.limit)}, wasm ${us(order.wasm)}, wasm z ${us(order.wasmz)}, aws-local-stepfunctions ${us(order.als)}.`,
    );
  }
  const growth = rows.filter((x) => x.w.spec.growth);
  if (growth.length >= 2) {
    const [a, b] = [growth[0], growth[growth.length - 1]];
    const g = (k) => (a[k] && b[k] ? b[k] / a[k] : null);
    const flat = (k) => ratio(g(k)) + mark(g(k), (v) => v <= GOALS.flat);
    out.push('');
    out.push(`Growth, Choice loop from ${fmt(a.t)} to ${fmt(b.t)} transitions (ns/tr at ${fmt(b.t)} ÷ ns/tr at ${fmt(a.t)}; flat: ≤ ${GOALS.flat}):`);
    out.push(`  native ${flat('asl')}, wasm ${flat('wasm')}, wasm z ${flat('wasmz')}, limit ${ratio(g('limit'))}, aws-local-stepfunctions ${ratio(g('als'))}`);
  }

  // Definition load: Pass chains of 100 … 10,000 states, JSON text → checked, runnable definition.
  const loads = [];
  for (const states of [100, 1000, 10000]) {
    const path = join(OUT, 'load', `pass-chain-${states}.json`);
    if (!existsSync(path)) continue;
    progress(`definition load, ${states} states`);
    const text = readFileSync(path, 'utf8');
    const runs = states >= 10000 ? 5 : 20;
    const l = { states, bytes: text.length };
    l.native = BIN.harness ? best(Array.from({ length: ROUNDS }, () => loadNative(path, runs))) : null;
    for (const engine of WASM) l[engine.key] = best(Array.from({ length: ROUNDS }, () => loadWasm(engine, text, runs)));
    l.als = loadAls(text, states >= 10000 ? 1 : 5);
    loads.push(l);
  }
  progress(null);
  if (loads.length) {
    const ms = (v) => (v == null ? 'n/a' : fmt(v, 2));
    const per = (v, s) => (v == null ? 'n/a' : fmt((v * 1000) / s, 2));
    out.push('');
    out.push(`Definition load (Pass chains with Parameters; JSON text → checked definition). Goal: 10,000 states under ${GOALS.load10k} ms natively, linear (µs/state flat).`);
    out.push(
      table(
        ['states', 'KiB', 'native ms', 'native µs/state', 'wasm ms', 'wasm µs/state', 'wasm z ms', 'aws-local ms', 'aws-local µs/state'],
        loads.map((l) => [
          fmt(l.states),
          fmt(l.bytes / 1024),
          ms(l.native) + (l.states === 10000 ? mark(l.native, (v) => v < GOALS.load10k) : ''),
          per(l.native, l.states),
          ms(l.wasm),
          per(l.wasm, l.states),
          ms(l.wasmz),
          ms(l.als),
          per(l.als, l.states),
        ]),
        ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
  }

  out.push('');
  const express = work.filter((w) => (w.harness?.outcome.events ?? w.wasm?.outcome?.events ?? 0) > 25000).map((w) => w.spec.name);
  out.push(
    'Workloads: bench/workloads/ (valid AWS definitions; every payload ≤ 256 KiB, which the engine enforces' +
      (express.length ? `; over AWS's 25,000 history events, hence EXPRESS workflows on AWS: ${express.join(', ')}` : '') +
      ').',
  );
  for (const engine of WASM) out.push(`${engine.key === 'wasm' ? 'wasm' : 'wasm z'}: ${engine.label}; ${fmt(engine.bytes)} bytes.`);
  if (!BIN.asl || !BIN.limit || !BIN.harness) notes.push('native binaries missing (run make bench): their columns are n/a');
  if (notes.length) {
    out.push('');
    out.push('Notes:');
    for (const n of notes) out.push(`  - ${n}`);
  }
  if (problems.length) {
    out.push('');
    out.push('!!! MISMATCH — the engines disagree (the timing of a wrong result means nothing):');
    for (const p of problems) out.push(`  !!! ${p}`);
  }
  console.log(out.join('\n'));
  process.exitCode = problems.length ? 1 : 0;
}

// Compares every engine's final status and output with the native engine's (the harness built
// natively; the wasm build when the native one is missing) and their transition counts.
function checkOutputs(w, problems, notes) {
  const name = w.spec.name;
  const reference = w.harness ? ['the native engine', w.harness] : w.wasm ? ['the wasm engine', w.wasm] : null;
  if (!reference) return;
  const [refName, ref] = reference;
  w.transitions = ref.transitions;
  if (ref.outcome.status !== 'SUCCEEDED')
    problems.push(`${name}: ${refName} ended ${ref.outcome.status}: ${ref.outcome.error} ${String(ref.outcome.cause ?? '').slice(0, 300)}`);
  const differs = (outcome) => firstDifference({ status: ref.outcome.status, output: ref.outcome.output ?? null }, { status: outcome.status, output: outcome.output ?? null });
  for (const [who, r] of [['asl bench', w.asl], ['the limit', w.limit], ['wasm', w.wasm], ['wasm z', w.wasmz]]) {
    if (!r) continue;
    if (r.failed) problems.push(`${name}: ${who}: ${r.failed}`);
    if (r.outcome) {
      const d = differs(r.outcome);
      if (d) problems.push(`${name}: ${who}'s output differs from ${refName}'s: ${d}`);
    }
    if (r.status && r.status !== ref.outcome.status) problems.push(`${name}: ${who} ended ${r.status}, ${refName} ${ref.outcome.status}`);
    if (r.transitions != null && r.transitions !== ref.transitions) problems.push(`${name}: ${who} made ${r.transitions} transitions, ${refName} ${ref.transitions}`);
  }
  if (w.als.rejected) {
    w.alsNote = 'rejected';
    problems.push(`${name}: aws-local-stepfunctions ${alsVersion} rejects the definition: ${w.als.rejected}`);
    return;
  }
  const d = differs(w.als.outcome);
  if (!d) return;
  const extra = w.als.outcome.error ? ` (${w.als.outcome.error}: ${String(w.als.outcome.cause).slice(0, 200)})` : '';
  if (w.definition.QueryLanguage === 'JSONata') {
    // Not timed: the speed of a wrong result means nothing.
    w.alsNote = 'no JSONata';
    notes.push(
      `${name}: aws-local-stepfunctions ${alsVersion} does not implement QueryLanguage JSONata (it ignores Output, Assign and Condition ` +
        `and ran the definition as JSONPath), so its result differs (${d}) and it is not timed here.`,
    );
  } else {
    w.alsNote = 'MISMATCH';
    problems.push(`${name}: aws-local-stepfunctions's output differs from ${refName}'s: ${d}${extra}`);
  }
}

await main();
