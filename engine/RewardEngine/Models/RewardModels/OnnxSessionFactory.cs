using Microsoft.ML.OnnxRuntime;
using RewardEngine.Diagnostics;

namespace RewardEngine.Models.RewardModels;

/// <summary>
/// Opens ONNX Runtime sessions on the configured device. CUDA needs the GPU build (<c>-p:OnnxBackend=Gpu</c>) and
/// the CUDA libraries at run time; when either is missing the session runs on CPU after a logged warning.
/// </summary>
internal static class OnnxSessionFactory
{
    public static (InferenceSession Session, string Provider) Create(string modelPath, string device, int threads, TextWriter log)
    {
        if (device != "cpu")
        {
            var available = OrtEnv.Instance().GetAvailableProviders();
            if (available.Contains("CUDAExecutionProvider"))
            {
                try
                {
                    using var options = Options(threads);
                    options.AppendExecutionProvider_CUDA(0);
                    return (Open(modelPath, options), "CUDA");
                }
                catch (OnnxRuntimeException e)
                {
                    log.WriteLine($"warning: CUDA execution provider unavailable ({e.Message.Split('\n')[0]}); running the reward model on CPU");
                }
            }
            else if (device == "cuda")
                log.WriteLine("warning: this build of ONNX Runtime has no CUDA execution provider (build with -p:OnnxBackend=Gpu); running the reward model on CPU");
        }
        using var cpu = Options(threads);
        return (Open(modelPath, cpu), "CPU");
    }

    private static SessionOptions Options(int threads)
    {
        var options = new SessionOptions();
        if (threads > 0) options.IntraOpNumThreads = threads;
        return options;
    }

    private static InferenceSession Open(string modelPath, SessionOptions options)
    {
        try
        {
            return new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e) when (!e.Message.Contains("CUDA", StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelLoadException(modelPath, $"invalid ONNX model: {e.Message.Split('\n')[0]}", e);
        }
    }
}
