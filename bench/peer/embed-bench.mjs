// Peer for `clir-bench peer`: the same ONNX graph and texts embedded by transformers.js (feature-extraction
// pipeline, mean pooling, L2 normalisation) on Node with the onnxruntime-node that transformers.js pins.
// Offline: env.allowRemoteModels = false, the model is read from a local directory in the Hugging Face layout.
//
// usage: node embed-bench.mjs JOB.json RESULT.json
//   JOB.json: { "modelRoot": dir, "modelName": name (dir/name holds config.json, tokenizer.json,
//               tokenizer_config.json, onnx/model_quantized.onnx), "dtype": "q8",
//               "prefix": "passage: ", "sets": { label: [text, ...] },
//               "runs": [ { "set": label, "count": n (first n texts; default all), "batch": n, "threads": n } ],
//               "rounds": n,
//               "vectors": { "set": label, "count": n }, "allowSpinning": false }
//   RESULT.json: versions, and per run the best of `rounds` timings of embedding the whole set in batches.

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { env, pipeline } from "@huggingface/transformers";

const here = dirname(fileURLToPath(import.meta.url));
const [jobFile, outFile] = process.argv.slice(2);
if (!jobFile || !outFile) {
  console.error("usage: node embed-bench.mjs JOB.json RESULT.json");
  process.exit(2);
}
const job = JSON.parse(readFileSync(jobFile, "utf8"));

function pkgVersion(name) {
  return JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8")).version;
}
const pinned = JSON.parse(readFileSync(join(here, "package.json"), "utf8")).dependencies;
const versions = {
  node: process.versions.node,
  transformers: pkgVersion("@huggingface/transformers"),
  onnxruntimeNode: pkgVersion("onnxruntime-node"),
  onnxruntimeCommon: pkgVersion("onnxruntime-common"),
  onnxruntimeNodePinnedByTransformers:
    JSON.parse(readFileSync(join(here, "node_modules/@huggingface/transformers/package.json"), "utf8")).dependencies["onnxruntime-node"],
};
if (versions.transformers !== pinned["@huggingface/transformers"]) {
  console.error(`@huggingface/transformers ${versions.transformers} installed, ${pinned["@huggingface/transformers"]} pinned`);
  process.exit(1);
}

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = job.modelRoot;
env.useBrowserCache = false;
env.useFSCache = false;

const extractors = new Map();
async function extractorFor(threads) {
  if (!extractors.has(threads)) {
    const t0 = performance.now();
    const extractor = await pipeline("feature-extraction", job.modelName, {
      dtype: job.dtype ?? "q8",
      device: "cpu",
      local_files_only: true,
      session_options: {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        executionMode: "sequential",
        graphOptimizationLevel: "all",
        extra: { session: { intra_op: { allow_spinning: job.allowSpinning ? "1" : "0" } } },
      },
    });
    extractors.set(threads, { extractor, loadMs: performance.now() - t0 });
  }
  return extractors.get(threads).extractor;
}

const prefixed = (texts) => texts.map((t) => (job.prefix ?? "") + t);

async function embedAll(extractor, texts, batch) {
  const out = [];
  for (let i = 0; i < texts.length; i += batch) {
    const tensor = await extractor(texts.slice(i, i + batch), { pooling: "mean", normalize: true });
    out.push(tensor);
  }
  return out;
}

const runs = [];
for (const run of job.runs) {
  const texts = prefixed(job.sets[run.set]).slice(0, run.count ?? Infinity);
  const extractor = await extractorFor(run.threads);
  await embedAll(extractor, texts.slice(0, Math.min(texts.length, run.batch)), run.batch); // warm-up
  let best = Infinity;
  for (let r = 0; r < (job.rounds ?? 1); r++) {
    const t0 = performance.now();
    await embedAll(extractor, texts, run.batch);
    best = Math.min(best, performance.now() - t0);
  }
  runs.push({ ...run, passages: texts.length, bestMs: best, passagesPerSecond: texts.length / (best / 1000) });
  console.log(`peer ${run.set} batch=${run.batch} threads=${run.threads}: ${(texts.length / (best / 1000)).toFixed(1)} passages/s`);
}

let vectors = [];
if (job.vectors) {
  const texts = prefixed(job.sets[job.vectors.set]).slice(0, job.vectors.count);
  const extractor = await extractorFor(job.runs.length ? job.runs[0].threads : 1);
  for (const t of texts) {
    const tensor = await extractor([t], { pooling: "mean", normalize: true });
    vectors.push(Array.from(tensor.data));
  }
}

writeFileSync(outFile, JSON.stringify({ versions, loadMs: Object.fromEntries([...extractors].map(([k, v]) => [k, v.loadMs])), runs, vectors }));
