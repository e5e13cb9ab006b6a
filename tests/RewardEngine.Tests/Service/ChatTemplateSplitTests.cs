using RewardEngine.Service;

namespace RewardEngine.Tests.Service;

public sealed class ChatTemplateSplitTests
{
    [Theory]
    [InlineData("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nSay hi.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nhi there<|eot_id|>", "Say hi.", "hi there")]
    [InlineData("<|im_start|>system\nBe kind.<|im_end|>\n<|im_start|>user\nSay hi.<|im_end|>\n<|im_start|>assistant\nhi there<|im_end|>\n<|endoftext|>", "Say hi.", "hi there")]
    [InlineData("<|user|>\nSay hi.</s>\n<|assistant|>\nhi there</s>", "Say hi.", "hi there")]
    [InlineData("<bos><start_of_turn>user\nSay hi.<end_of_turn>\n<start_of_turn>model\nhi there<end_of_turn>", "Say hi.", "hi there")]
    [InlineData("<s>[INST] Say hi. [/INST] hi there</s>", "Say hi.", "hi there")]
    [InlineData("<|im_start|>user\nFirst.<|im_end|>\n<|im_start|>assistant\nOne.<|im_end|>\n<|im_start|>user\nSecond.<|im_end|>\n<|im_start|>assistant\nTwo.<|im_end|>", "Second.", "Two.")]
    public void Queries_split_into_the_last_user_turn_and_the_response(string query, string instruction, string response)
    {
        var split = ChatTemplates.Split(query, null, null);
        Assert.NotNull(split);
        Assert.Equal(instruction, split.Value.Instruction);
        Assert.Equal(response, split.Value.Response);
    }

    [Fact]
    public void A_prompt_sent_beside_the_query_marks_where_the_response_starts()
    {
        // The response repeats the prompt's words; the prompt still marks where it starts.
        const string prompt = "<|im_start|>user\nRepeat after me: I am here.<|im_end|>\n<|im_start|>assistant\n";
        var split = ChatTemplates.Split("<|endoftext|>" + prompt + "Repeat after me: I am here.<|im_end|>", prompt, null)!.Value;
        Assert.Equal("Repeat after me: I am here.", split.Response);
        Assert.Equal("Repeat after me: I am here.", split.Instruction);

        // A bare instruction as the prompt (the acceptance check's shape).
        var bare = ChatTemplates.Split("<|user|>Answer in lowercase.<|assistant|>hello there", "Answer in lowercase.", null)!.Value;
        Assert.Equal(("Answer in lowercase.", "hello there"), (bare.Instruction, bare.Response));
        Assert.Null(ChatTemplates.Split("no markers at all", null, null));
        Assert.Null(ChatTemplates.Split("<|im_start|>assistant\nx", null, ChatTemplates.Find("llama3")));
    }
}
