#!/usr/bin/env node
// Writes the benchmark workloads: bench/workloads/<name>/{definition.json,input.json} (kept in git)
// and bench/workloads/manifest.json (names, runs, which engines run them), plus the definition-load
// series (Pass chains of 100, 1,000 and 10,000 states) into bench/out/load/ (generated, not kept).
//
//   node bench/generate.mjs           write them
//   node bench/generate.mjs --check   exit 1 if a kept file differs from what would be written
//
// Every workload is a valid AWS definition whose input, output and every state's data stay under
// 256 KiB, and every definition is under AWS's 1 MiB definition quota. Workloads of more than
// 25,000 history events (the longer Choice loops, the Map) are valid as EXPRESS workflows (no
// history limit there), not as STANDARD ones; the table names them.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const WORKLOADS = join(HERE, 'workloads');
const LOAD = join(HERE, 'out', 'load');
const KIB256 = 256 * 1024;
const MIB = 1024 * 1024;

// The order workflow exactly as the playground ships it (static/examples/order/); its three Lambda
// tasks are answered by echo in both engines (lambda:invoke wraps the Payload as AWS does), and the
// input says it is in stock, so it takes its 4 transitions: ValidateOrder, CheckInventory,
// InventoryChoice, ProcessPayment.
function order() {
  const definition = JSON.parse(readFileSync(join(ROOT, 'static/examples/order/definition.asl.json'), 'utf8'));
  const input = { orderId: 'A1001', itemId: 'I201', qty: 2, amount: 499, inStock: true };
  return { definition, input };
}

// State names are unique in the whole machine (the States Language requires it, branches
// included), hence the prefix.
function passChain(n, prefix = 'P') {
  const States = {};
  for (let i = 0; i < n; i++) {
    States[`${prefix}${i}`] = {
      Type: 'Pass',
      Parameters: { step: i, 'value.$': '$.value' },
      ...(i + 1 < n ? { Next: `${prefix}${i + 1}` } : { End: true }),
    };
  }
  return { definition: { StartAt: `${prefix}0`, States }, input: { value: 1 } };
}

// n iterations: Init, n × (Check, Increment), Check, Done = 2n + 3 transitions.
function choiceLoop(n) {
  return {
    definition: {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Check' },
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$.i', NumericLessThan: n, Next: 'Increment' }],
          Default: 'Done',
        },
        Increment: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
        Done: { Type: 'Succeed' },
      },
    },
    input: {},
  };
}

// Inline Map over n numbers; the ItemSelector builds {i, v} from the context object, the
// iteration is one Pass state. The output (n small objects) stays under 256 KiB at n = 10,000.
function inlineMap(n) {
  return {
    definition: {
      StartAt: 'Map',
      States: {
        Map: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemSelector: { 'i.$': '$$.Map.Item.Index', 'v.$': '$$.Map.Item.Value' },
          ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    },
    input: { items: Array.from({ length: n }, (_, i) => i) },
  };
}

function parallel(branches, depth) {
  const branch = (_, b) => passChain(depth, `B${b}P`).definition;
  return {
    definition: {
      StartAt: 'Fan',
      States: { Fan: { Type: 'Parallel', Branches: Array.from({ length: branches }, branch), End: true } },
    },
    input: { value: 1 },
  };
}

// A loop whose body is one Pass state calling 16 of the 18 intrinsic functions (all but the two
// random ones, States.UUID and States.MathRandom, whose results no two engines can share), nested
// calls included. n iterations: 2n + 2 transitions.
function intrinsics(n) {
  return {
    definition: {
      StartAt: 'Check',
      States: {
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericLessThanPath: '$.limit', Next: 'Work' }],
          Default: 'Done',
        },
        Work: {
          Type: 'Pass',
          Parameters: {
            'n.$': 'States.MathAdd($.n, 1)',
            'limit.$': '$.limit',
            'text.$': '$.text',
            'csv.$': '$.csv',
            'tags.$': '$.tags',
            'obj.$': '$.obj',
            'objText.$': '$.objText',
            'extra.$': '$.extra',
            derived: {
              'label.$': "States.Format('step {} of {}: {}', $.n, $.limit, $.text)",
              'parts.$': "States.ArrayUnique(States.StringSplit($.csv, ','))",
              'partCount.$': "States.ArrayLength(States.StringSplit($.csv, ','))",
              'b64.$': 'States.Base64Encode($.text)',
              'roundTrip.$': 'States.Base64Decode(States.Base64Encode($.text))',
              'hash.$': "States.Hash($.text, 'SHA-256')",
              // The first object is a fresh one: aws-local-stepfunctions 3.0.0 merges into its
              // first argument in place, which would change $.obj itself (AWS does not).
              'merged.$': 'States.JsonMerge(States.StringToJson($.objText), $.extra, false)',
              'json.$': 'States.JsonToString($.obj)',
              'parsed.$': 'States.StringToJson(States.JsonToString($.extra))',
              'range.$': 'States.ArrayRange(1, 10, 3)',
              'chunks.$': 'States.ArrayPartition(States.ArrayRange(1, 10, 1), 4)',
              'hasY.$': "States.ArrayContains($.tags, 'y')",
              'first.$': 'States.ArrayGetItem($.tags, 0)',
              'uniqueTags.$': 'States.ArrayUnique($.tags)',
              'array.$': "States.Array($.n, 'x', true)",
            },
          },
          Next: 'Check',
        },
        Done: { Type: 'Succeed' },
      },
    },
    input: {
      n: 0,
      limit: n,
      text: 'hello step functions',
      csv: 'alpha,beta,gamma,beta',
      tags: ['x', 'y', 'x', 'z'],
      obj: { a: 1, b: { c: 2 } },
      objText: '{"a":1,"b":{"c":2}}',
      extra: { b: { d: 3 }, e: 4 },
    },
  };
}

// QueryLanguage JSONata: a loop of n rounds whose Pass state computes an Output and two Assigns
// (a counter and a running total), ended by a Choice Condition. n rounds: 2n + 3 transitions.
function jsonataLoop(n) {
  return {
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { i: 0, total: 0, orderId: '{% $states.input.orderId %}' }, Next: 'Check' },
        Check: { Type: 'Choice', Choices: [{ Condition: `{% $i < ${n} %}`, Next: 'Step' }], Default: 'Done' },
        Step: {
          Type: 'Pass',
          Assign: { i: '{% $i + 1 %}', total: '{% $total + $sum($states.input.items.(price * qty)) %}' },
          Output:
            '{% {"orderId": $orderId, "items": [$states.input.items.{"sku": sku, "price": price, "qty": qty}], ' +
            '"count": $count($states.input.items), "round": $i} %}',
          Next: 'Check',
        },
        Done: {
          Type: 'Pass',
          Output: '{% {"orderId": $orderId, "rounds": $i, "total": $total, "last": $states.input} %}',
          End: true,
        },
      },
    },
    input: {
      orderId: 'o-123',
      items: Array.from({ length: 5 }, (_, i) => ({ sku: `S${i}`, price: 10 + i, qty: 1 + (i % 3) })),
    },
  };
}

// name, builder, title, runs (native & wasm, aws-local-stepfunctions), batch (runs per timed sample).
const WORKLOADS_LIST = [
  ['order', order, 'order workflow (4 transitions, 3 echo tasks)', { runs: 5000, alsRuns: 2000, batch: 100 }],
  ['pass-chain-1000', () => passChain(1000), '1,000 Pass states with Parameters', { runs: 30, alsRuns: 10 }],
  ['choice-loop-10000', () => choiceLoop(10000), 'Choice loop, 10,000 iterations, States.MathAdd', { runs: 10, alsRuns: 3 }],
  ['map-10000', () => inlineMap(10000), 'inline Map, 10,000 items, ItemSelector', { runs: 10, alsRuns: 2 }],
  ['parallel-50x20', () => parallel(50, 20), 'Parallel, 50 branches x 20 Pass', { runs: 30, alsRuns: 10 }],
  ['intrinsics-1000', () => intrinsics(1000), 'intrinsics: 1,000 x 16 functions', { runs: 10, alsRuns: 3 }],
  ['jsonata-loop-1000', () => jsonataLoop(1000), 'JSONata loop: Output + Assign, 1,000 rounds', { runs: 10, alsRuns: 3 }],
  ['growth-1k', () => choiceLoop(500), 'growth: Choice loop, 1k transitions', { runs: 200, alsRuns: 30, batch: 10, growth: true }],
  ['growth-10k', () => choiceLoop(5000), 'growth: Choice loop, 10k transitions', { runs: 20, alsRuns: 5, growth: true }],
  ['growth-100k', () => choiceLoop(50000), 'growth: Choice loop, 100k transitions', { runs: 3, alsRuns: 1, growth: true }],
];

const LOAD_SERIES = [100, 1000, 10000];

function text(value) {
  return JSON.stringify(value, null, 1) + '\n';
}

function main() {
  const check = process.argv.includes('--check');
  const stale = [];
  const write = (path, content) => {
    if (check) {
      if (!existsSync(path) || readFileSync(path, 'utf8') !== content) stale.push(path);
      return;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  };
  const manifest = [];
  for (const [name, build, title, options] of WORKLOADS_LIST) {
    const { definition, input } = build();
    const definitionText = JSON.stringify(definition);
    const inputText = JSON.stringify(input);
    if (definitionText.length > MIB) throw new Error(`${name}: definition over 1 MiB`);
    if (inputText.length > KIB256) throw new Error(`${name}: input over 256 KiB`);
    // Compact JSON: the big ones stay small on disk, and what each engine reads is the same text.
    write(join(WORKLOADS, name, 'definition.json'), definitionText + '\n');
    write(join(WORKLOADS, name, 'input.json'), inputText + '\n');
    manifest.push({ name, title, batch: 1, growth: false, ...options });
  }
  write(join(WORKLOADS, 'manifest.json'), text(manifest));
  if (check) {
    if (stale.length) {
      console.error(`bench/generate.mjs: out of date (run node bench/generate.mjs):\n  ${stale.join('\n  ')}`);
      process.exit(1);
    }
    return;
  }
  mkdirSync(LOAD, { recursive: true });
  for (const n of LOAD_SERIES) {
    const definitionText = JSON.stringify(passChain(n).definition);
    if (definitionText.length > MIB) throw new Error(`load series ${n}: definition over 1 MiB`);
    writeFileSync(join(LOAD, `pass-chain-${n}.json`), definitionText + '\n');
  }
}

main();
