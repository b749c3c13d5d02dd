// Bare ONNX Runtime session timing, for comparing ORT releases without tokenizers or pipelines (see bench/report/notes.md).
// usage: node bench/peer/ort-session.mjs ORT_NODE_DIR MODEL_ONNX THREADS T BATCH ITERS
import { createRequire } from "node:module";
const [dir, modelPath, threads, T, B, iters] = process.argv.slice(2);
const require = createRequire(dir + "/");
const ort = require("onnxruntime-node");
const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: +threads, interOpNumThreads: 1,
  executionMode: "sequential", graphOptimizationLevel: "all", extra: { session: { intra_op: { allow_spinning: "0" } } } });
const n = (+T) * (+B);
const ids = new BigInt64Array(n); for (let i = 0; i < n; i++) ids[i] = BigInt(1000 + (i * 7919) % 20000);
const ones = new BigInt64Array(n).fill(1n), zeros = new BigInt64Array(n);
const feeds = { input_ids: new ort.Tensor("int64", ids, [+B, +T]), attention_mask: new ort.Tensor("int64", ones, [+B, +T]),
  token_type_ids: new ort.Tensor("int64", zeros, [+B, +T]) };
for (let i = 0; i < 3; i++) await session.run(feeds);
let best = Infinity;
for (let r = 0; r < 3; r++) { const t0 = performance.now(); for (let i = 0; i < +iters; i++) await session.run(feeds); best = Math.min(best, (performance.now() - t0) / +iters); }
console.log(`${require("onnxruntime-node/package.json").version} threads=${threads} T=${T} B=${B}: ${best.toFixed(1)} ms/run`);
