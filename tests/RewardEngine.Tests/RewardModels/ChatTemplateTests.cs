using RewardEngine.Data;
using RewardEngine.Models.RewardModels;
using Xunit;

namespace RewardEngine.Tests.RewardModels;

public sealed class ChatTemplateTests
{
    [Fact]
    public void Llama3TemplateTrimsLikeJinja()
    {
        var text = ChatTemplate.Render(ChatTemplateSpec.Llama3, [ChatMessage.User("\u001f  hi \n"), ChatMessage.Assistant("\u00a0yo\t")]);
        Assert.Equal("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>" +
                     "<|start_header_id|>assistant<|end_header_id|>\n\nyo<|eot_id|>", text);
    }

    [Fact]
    public void UntrimmedTemplateKeepsContent()
    {
        var spec = new ChatTemplateSpec("", "[{role}] {content}\n", TrimContent: false);
        Assert.Equal("[user]  a \n[assistant] b\n", ChatTemplate.Render(spec, [ChatMessage.User(" a "), ChatMessage.Assistant("b")]));
    }
}
