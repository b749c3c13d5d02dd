// Bare ONNX Runtime (Java) session timing, the counterpart of ort-session.mjs (see bench/report/notes.md).
// usage: java --enable-native-access=ALL-UNNAMED -cp bench/target/clir-bench.jar bench/peer/OrtSession.java MODEL THREADS T BATCH ITERS
import ai.onnxruntime.*;
import java.nio.LongBuffer;
import java.util.Map;

public class OrtSession {
  public static void main(String[] a) throws Exception {
    String model = a[0]; int threads = Integer.parseInt(a[1]), T = Integer.parseInt(a[2]), B = Integer.parseInt(a[3]), iters = Integer.parseInt(a[4]);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    so.setIntraOpNumThreads(threads);
    so.setInterOpNumThreads(1);
    so.addConfigEntry("session.intra_op.allow_spinning", "0");
    OrtSession s = env.createSession(model, so);
    int n = T * B;
    long[] ids = new long[n], ones = new long[n], zeros = new long[n];
    for (int i = 0; i < n; i++) { ids[i] = 1000 + (i * 7919L) % 20000; ones[i] = 1; }
    long[] shape = {B, T};
    Map<String, OnnxTensor> feeds = Map.of("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape),
        "attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(ones), shape),
        "token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(zeros), shape));
    for (int i = 0; i < 3; i++) s.run(feeds).close();
    double best = Double.MAX_VALUE;
    for (int r = 0; r < 3; r++) { long t0 = System.nanoTime(); for (int i = 0; i < iters; i++) s.run(feeds).close(); best = Math.min(best, (System.nanoTime() - t0) / 1e6 / iters); }
    System.out.printf("java %s threads=%d T=%d B=%d: %.1f ms/run%n", env.getVersion(), threads, T, B, best);
  }
}
