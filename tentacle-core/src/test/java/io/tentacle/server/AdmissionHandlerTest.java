package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The place a client waits for, and the silence that counts against it once it has one. */
class AdmissionHandlerTest {
    private final SessionLimiter oneplace = new SessionLimiter(1, 1, 10);

    /** What reaches the session behind the admission handler. */
    private static final class Session extends ChannelInboundHandlerAdapter {
        final List<Object> seen = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            seen.add(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            seen.add(evt);
        }
    }

    private EmbeddedChannel client(Session session, Duration idleLimit) {
        return new EmbeddedChannel(
                new AdmissionHandler(oneplace, Duration.ofMinutes(1), idleLimit, ServerStats.detached()), session);
    }

    @Test
    void aClientThatWaitedForItsPlaceIsNotDroppedForTheSilenceOfItsWait() {
        Session holderSession = new Session();
        Session waiterSession = new Session();
        EmbeddedChannel holder = client(holderSession, Duration.ofMinutes(1));
        EmbeddedChannel waiter = client(waiterSession, Duration.ofMinutes(1));
        holder.writeInbound("LS <>");
        waiter.writeInbound("RECV <small.data>");
        waiter.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat(waiterSession.seen)
                .as("waiting: neither its line nor its silence")
                .isEmpty();

        holder.close();
        waiter.runPendingTasks();
        assertThat(waiterSession.seen).containsExactly("RECV <small.data>");
        // The idle handler counts from the line, long before: that silence was the wait's, not the client's.
        waiter.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat(waiterSession.seen).containsExactly("RECV <small.data>");
    }

    @Test
    void aClientAdmittedAtOnceIsJudgedByItsSilenceAsBefore() {
        Session session = new Session();
        EmbeddedChannel client = client(session, Duration.ofMinutes(1));
        client.writeInbound("LS <>");
        client.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat(session.seen).containsExactly("LS <>", IdleStateEvent.ALL_IDLE_STATE_EVENT);
    }
}
