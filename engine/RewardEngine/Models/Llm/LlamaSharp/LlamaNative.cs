using LLama.Native;
using RewardEngine.Diagnostics;

namespace RewardEngine.Models.Llm.LlamaSharp;

/// <summary>
/// Process-wide llama.cpp setup, done once before the first native call: which native library to load
/// (llm.nativeLibraryPath, e.g. a CUDA build) and where its log goes. Keeps llama.cpp's recent errors so a
/// failed load can say why.
/// </summary>
internal static class LlamaNative
{
    private static readonly object Gate = new();
    private static bool _configured;
    private static string? _configuredPath;
    private static readonly Queue<string> RecentErrors = new();

    /// <summary>Configures the native library; a second call must agree with the first (the library loads once).</summary>
    public static void EnsureConfigured(string? nativeLibraryPath)
    {
        lock (Gate)
        {
            if (_configured)
            {
                if (nativeLibraryPath is not null && !string.Equals(nativeLibraryPath, _configuredPath, StringComparison.Ordinal))
                    throw new ConfigException(
                        $"llm.nativeLibraryPath: llama.cpp is already loaded from {_configuredPath ?? "the LLamaSharp backend package"}; " +
                        $"a process can load it only once, so '{nativeLibraryPath}' cannot be used now");
                return;
            }
            if (nativeLibraryPath is not null)
            {
                if (!Directory.Exists(nativeLibraryPath))
                    throw new ConfigException($"llm.nativeLibraryPath: folder not found: {nativeLibraryPath}");
                var lib = Path.Combine(nativeLibraryPath, OperatingSystem.IsWindows() ? "llama.dll" : OperatingSystem.IsMacOS() ? "libllama.dylib" : "libllama.so");
                if (!File.Exists(lib))
                    throw new ConfigException($"llm.nativeLibraryPath: {lib} not found (the folder must hold a llama.cpp build's shared libraries)");
                if (NativeLibraryConfig.LLama.LibraryHasLoaded)
                    throw new ConfigException("llm.nativeLibraryPath: llama.cpp was already loaded before the config was applied");
                NativeLibraryConfig.LLama.WithLibrary(lib);
                NativeLibraryConfig.All.WithSearchDirectory(nativeLibraryPath);
            }
            if (!NativeLibraryConfig.LLama.LibraryHasLoaded)
                NativeLibraryConfig.All.WithLogCallback(OnLog);
            _configured = true;
            _configuredPath = nativeLibraryPath;
        }
    }

    /// <summary>The last few errors llama.cpp logged, joined on one line ("" when none).</summary>
    public static string TakeRecentErrors()
    {
        lock (RecentErrors)
        {
            var s = string.Join(" | ", RecentErrors.Select(e => e.Trim()).Where(e => e.Length > 0));
            RecentErrors.Clear();
            return s;
        }
    }

    private static void OnLog(LLamaLogLevel level, string message)
    {
        // llama.cpp is chatty at info level; only errors matter to a user, and only when something fails.
        if (level != LLamaLogLevel.Error) return;
        lock (RecentErrors)
        {
            RecentErrors.Enqueue(message);
            while (RecentErrors.Count > 4) RecentErrors.Dequeue();
        }
    }
}
