package dev.clir.bench.perf;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The floor for a one-shot question: a bare program that loads the tokenizer and the ONNX graph with the libraries'
 * defaults, embeds one question (mean pooling) and exits, with none of clir. {@code clir-bench cli} times it as a
 * separate JVM, next to {@code clir-query}, so that start-up is compared with what the model itself costs.
 * Usage: {@code java -cp clir-bench.jar dev.clir.bench.perf.BareEmbedding MODEL_DIR TEXT}.
 */
public final class BareEmbedding {
  private BareEmbedding() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path graph = dir.resolve("model.onnx").toFile().isFile() ? dir.resolve("model.onnx") : dir.resolve("onnx/model.onnx");
    try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"));
        OrtSession session = OrtEnvironment.getEnvironment().createSession(graph.toString(), new OrtSession.SessionOptions())) {
      Encoding e = tokenizer.encode(args[1]);
      long[] shape = {1, e.getIds().length};
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      Map<String, OnnxTensor> in = new HashMap<>();
      in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(e.getIds()), shape));
      in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(e.getAttentionMask()), shape));
      if (session.getInputNames().contains("token_type_ids")) {
        in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(e.getTypeIds()), shape));
      }
      try (OrtSession.Result r = session.run(in)) {
        float[][][] tokens = (float[][][]) r.get(0).getValue();
        float[] mean = new float[tokens[0][0].length];
        for (float[] t : tokens[0]) {
          for (int d = 0; d < mean.length; d++) {
            mean[d] += t[d] / tokens[0].length;
          }
        }
        System.out.println("dimension " + mean.length + ", first " + mean[0]);
      }
      in.values().forEach(OnnxTensor::close);
    }
  }
}
