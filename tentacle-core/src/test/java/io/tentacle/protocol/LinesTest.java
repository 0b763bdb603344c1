package io.tentacle.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinesTest {
    static final List<Request> EVERY_REQUEST = List.of(
            new Request.Send("a.data", 12),
            new Request.ZSend("a.data", 7),
            new Request.Recv("a.data"),
            new Request.ZRecv("a.data"),
            new Request.Ls(""),
            new Request.Ls("x.conf"),
            new Request.Mv("a.data"),
            new Request.Del("a.data"),
            new Request.Pass("9e769017c85f064977fe6a658f207fa6"),
            Request.Quit.INSTANCE,
            new Request.GoAhead(Command.RECV),
            new Request.GoAhead(Command.ZRECV),
            new Request.GoAhead(Command.LS),
            new Request.GoAhead(Command.MV),
            new Request.Batch(1, "", 64, 262_144, 2_000_000, BatchCodec.ZSTD, 0),
            new Request.Batch(2, "x.conf", 1000, 8_388_608, 2_000_000, BatchCodec.DEFLATE, 512),
            new Request.Copy(2, "x.md5", ".md5", 1000, 1_048_576, 4096, BatchCodec.ZSTD, ""),
            new Request.Copy(2, "", "", 1000, 1_048_576, 2_000_000, BatchCodec.NONE, "agent 7.md5"),
            new Request.Put(2, 1000, 40_000, BatchCodec.ZSTD));

    static final List<Reply> EVERY_REPLY = List.of(
            new Reply.Ok(Command.SEND),
            new Reply.Ok(Command.ZSEND),
            new Reply.Ok(Command.PASS),
            new Reply.Ok(Command.DEL),
            new Reply.Err(Command.SEND, ErrReasons.INVALID_NAME),
            new Reply.Err(Command.SEND, ErrReasons.TOO_BIG),
            new Reply.Err(Command.ZSEND, ErrReasons.EXISTS),
            new Reply.Err(Command.RECV, ErrReasons.NOT_FOUND),
            new Reply.Err(Command.ZRECV, ErrReasons.INVALID_NAME_RECV),
            Reply.Err.bare(Command.SEND),
            Reply.Err.bare(Command.ZSEND),
            Reply.Err.bare(Command.RECV),
            Reply.Err.bare(Command.ZRECV),
            Reply.Err.bare(Command.LS),
            Reply.Err.bare(Command.MV),
            Reply.Err.bare(Command.DEL),
            new Reply.Size(Command.RECV, 5),
            new Reply.Size(Command.ZRECV, 1),
            new Reply.Size(Command.LS, 5),
            new Reply.Size(Command.MV, 2_000_000),
            new Reply.BatchSize(81_114, 512, 64, Reply.BatchSize.UNTOLD),
            new Reply.BatchSize(0, 0, 1000, 3),
            new Reply.CopySize(0, 0),
            new Reply.CopySize(41_000, 1000),
            new Reply.PutStored(1000, null),
            new Reply.PutStored(3, ErrReasons.EXISTS),
            Reply.Err.bare(Command.PUT));

    @Test
    void everyRequestParsesBackFromItsLine() {
        for (Request request : EVERY_REQUEST) {
            assertThat(Lines.parseRequest(request.toLine()))
                    .as(request.toLine())
                    .isEqualTo(request);
        }
    }

    @Test
    void everyReplyParsesBackFromItsLine() {
        for (Reply reply : EVERY_REPLY) {
            assertThat(Lines.parseReply(reply.toLine())).as(reply.toLine()).isEqualTo(reply);
        }
    }

    @Test
    void linesAsTheReferenceWritesThem() {
        assertThat(Lines.parseRequest("SEND <a.data> SIZE 12")).isEqualTo(new Request.Send("a.data", 12));
        assertThat(Lines.parseRequest("LS <>")).isEqualTo(new Request.Ls(""));
        assertThat(Lines.parseRequest("RECV OK")).isEqualTo(new Request.GoAhead(Command.RECV));
        assertThat(Lines.parseReply("SEND ERR (file already exists)"))
                .isEqualTo(new Reply.Err(Command.SEND, ErrReasons.EXISTS));
        assertThat(Lines.parseReply("SEND ERR")).isEqualTo(Reply.Err.bare(Command.SEND));
        assertThat(Lines.parseReply("RECV SIZE 0")).isEqualTo(new Reply.Size(Command.RECV, 0));
        assertThat(new Reply.Err(Command.SEND, ErrReasons.TOO_BIG).toLine()).isEqualTo("SEND ERR (file is too big)");
    }

    @Test
    void namesAreTakenVerbatimBetweenTheOuterBrackets() {
        assertThat(Lines.parseRequest("SEND <a b> SIZE 3")).isEqualTo(new Request.Send("a b", 3));
        assertThat(Lines.parseRequest("SEND <a> SIZE 3> SIZE 4")).isEqualTo(new Request.Send("a> SIZE 3", 4));
        assertThat(Lines.parseRequest("RECV <ñandú.data>")).isEqualTo(new Request.Recv("ñandú.data"));
        assertThat(Lines.parseRequest("SEND <> SIZE 3")).isEqualTo(new Request.Send("", 3));
    }

    @Test
    void sizesTooLargeForALongSaturate() {
        assertThat(Lines.parseRequest("SEND <a> SIZE 99999999999999999999"))
                .isEqualTo(new Request.Send("a", Long.MAX_VALUE));
        assertThat(Lines.parseRequest("SEND <a> SIZE 9223372036854775808"))
                .isEqualTo(new Request.Send("a", Long.MAX_VALUE));
        assertThat(Lines.parseRequest("SEND <a> SIZE 9223372036854775807"))
                .isEqualTo(new Request.Send("a", Long.MAX_VALUE));
        assertThat(Lines.parseReply("RECV SIZE 123456789012345678901234"))
                .isEqualTo(new Reply.Size(Command.RECV, Long.MAX_VALUE));
    }

    @Test
    void leadingZerosDoNotMakeASizeHuge() {
        assertThat(Lines.parseRequest("SEND <a> SIZE 0000000000000000000000012"))
                .isEqualTo(new Request.Send("a", 12));
        assertThat(Lines.parseRequest("SEND <a> SIZE 0")).isEqualTo(new Request.Send("a", 0));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "QUIT\r",
                "SEND <a> SIZE 3\r",
                "RECV <a>\r",
                "RECV OK\r",
                "send <a> SIZE 3",
                "SEND  <a> SIZE 3",
                "SEND <a> SIZE -1",
                "SEND <a> SIZE",
                "SEND <a>SIZE 3",
                " QUIT",
                "QUIT ",
                "",
                "LS",
                "HELO",
                "RECV a",
                "SEND OK"
            })
    void malformedRequestsAreUnknown(String line) {
        assertThat(Lines.parseRequest(line)).isEqualTo(new Request.Unknown(line));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SEND OK\r",
                "SEND ERR (x)\r",
                "RECV SIZE 3\r",
                "send ok",
                "RECV SIZE -1",
                "RECV SIZE",
                "QUIT OK",
                "LS OK",
                "SEND ERR(x)",
                "",
                "SEND <a> SIZE 3"
            })
    void malformedRepliesAreUnknown(String line) {
        assertThat(Lines.parseReply(line)).isEqualTo(new Reply.Unknown(line));
    }

    @Test
    void goAheadLines() {
        assertThat(Command.RECV.goAheadLine()).isEqualTo("RECV OK");
        assertThat(Command.MV.goAheadLine()).isEqualTo("MV OK");
    }

    @Test
    void passwordDigestAsTheReferenceComputesIt() {
        assertThat(PasswordDigest.of("secret")).isEqualTo("9e769017c85f064977fe6a658f207fa6");
        assertThat(PasswordDigest.matches("secret", "9e769017c85f064977fe6a658f207fa6"))
                .isTrue();
        assertThat(PasswordDigest.matches("secret", "9E769017C85F064977FE6A658F207FA6"))
                .isFalse();
        assertThat(PasswordDigest.matches("secret", "")).isFalse();
        assertThat(PasswordDigest.matches("other", "9e769017c85f064977fe6a658f207fa6"))
                .isFalse();
    }
}
