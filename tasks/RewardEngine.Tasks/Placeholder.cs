namespace RewardEngine.Tasks; internal static class Placeholder {}
