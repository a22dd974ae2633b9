#!/usr/bin/env node
// The ONNX Runtime side of `make bench`: one model, one input, timed runs.
//
//   node ort_run.js --model M.onnx --input raw.bin --shape 1,3,224,224 --input-name input
//                   [--threads 1] [--runs 20] [--warmup 3] [--output out.bin]
//
// The input is raw little-endian float32. Prints one JSON line:
//   {"session_ms":..., "min_ms":..., "median_ms":..., "output_shape":[...]}
// session_ms is the time of InferenceSession.create (CPU execution provider,
// graph optimization 'all'); warm-up runs are not counted. With --output the
// first output is written as raw float32.
'use strict';

const fs = require('fs');
const ort = require('onnxruntime-node');

const USAGE = 'usage: node ort_run.js --model M.onnx --input raw.bin --shape 1,3,224,224 ' +
  '--input-name input [--threads 1] [--runs 20] [--warmup 3] [--output out.bin]';

function fail(message) {
  process.stderr.write(`ort_run: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { threads: '1', runs: '20', warmup: '3' };
  const known = ['model', 'input', 'shape', 'input-name', 'threads', 'runs', 'warmup', 'output'];
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--help' || argv[i] === '-h') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    }
    const key = argv[i].replace(/^--/, '');
    if (!argv[i].startsWith('--') || !known.includes(key)) fail(`unknown argument '${argv[i]}'\n${USAGE}`);
    if (i + 1 >= argv.length) fail(`${argv[i]} needs a value`);
    opts[key] = argv[i + 1];
  }
  for (const key of ['model', 'input', 'shape', 'input-name']) {
    if (opts[key] === undefined) fail(`--${key} is required\n${USAGE}`);
  }
  const count = (key, min) => {
    const n = Number(opts[key]);
    if (!Number.isInteger(n) || n < min) fail(`--${key} must be an integer >= ${min}, not '${opts[key]}'`);
    return n;
  };
  const shape = opts.shape.split(',').map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) fail(`--shape must be integers like 1,3,224,224`);
  return {
    model: opts.model, input: opts.input, inputName: opts['input-name'], output: opts.output, shape,
    threads: count('threads', 1), runs: count('runs', 1), warmup: count('warmup', 0),
  };
}

function msSince(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));

  const bytes = fs.readFileSync(args.input);
  const elements = args.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== elements * 4) {
    fail(`${args.input} has ${bytes.length} bytes; shape [${args.shape}] of float32 needs ${elements * 4}`);
  }
  // Copy into a fresh (4-byte aligned) buffer: a Buffer may sit at any offset of its pool.
  const data = new Float32Array(elements);
  new Uint8Array(data.buffer).set(bytes);
  const feeds = { [args.inputName]: new ort.Tensor('float32', data, args.shape) };

  const start = process.hrtime.bigint();
  const session = await ort.InferenceSession.create(args.model, {
    intraOpNumThreads: args.threads,
    interOpNumThreads: 1,
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
  });
  const sessionMs = msSince(start);

  for (let i = 0; i < args.warmup; ++i) await session.run(feeds);
  const times = [];
  let results;
  for (let i = 0; i < args.runs; ++i) {
    const t = process.hrtime.bigint();
    results = await session.run(feeds);
    times.push(msSince(t));
  }
  times.sort((a, b) => a - b);

  const out = results[session.outputNames[0]];
  if (out.type !== 'float32') fail(`output '${session.outputNames[0]}' is ${out.type}, not float32`);
  if (args.output) {
    fs.writeFileSync(args.output, Buffer.from(out.data.buffer, out.data.byteOffset, out.data.byteLength));
  }
  process.stdout.write(JSON.stringify({
    session_ms: sessionMs,
    min_ms: times[0],
    median_ms: times[Math.floor(times.length / 2)],
    output_shape: out.dims,
  }) + '\n');
}

main().catch((e) => fail(e && e.message ? e.message : String(e)));
