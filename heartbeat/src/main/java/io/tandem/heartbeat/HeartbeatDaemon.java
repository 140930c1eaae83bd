package io.tandem.heartbeat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.tandem.heartbeat.membership.Decision;
import io.tandem.heartbeat.membership.Membership;
import io.tandem.heartbeat.wire.AuthKeys;
import io.tandem.heartbeat.wire.DatagramDecoder;
import io.tandem.heartbeat.wire.DecodeResult;
import io.tandem.heartbeat.wire.NetstringCodec;
import io.tandem.heartbeat.wire.RejectionCounter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One heartbeat node on the network: a UDP socket on the heartbeat port, the membership state machine, and a
 * tick. Everything runs on one Netty event-loop thread, so membership needs no locks: a datagram is decoded and
 * authenticated, then handed to membership; the tick feeds the same thread; the decisions go out in order.
 * Datagrams that fail decoding or authentication are counted and logged by reason, never thrown.
 */
public final class HeartbeatDaemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatDaemon.class);
    static final Duration TICK = Duration.ofMillis(50);

    /** One heartbeat path of ha.cf: the interface it leaves by, and where it sends (the ucast peer, a broadcast). */
    public record Link(String device, InetSocketAddress destination) {}

    /**
     * Where to listen and where to send.
     *
     * @param linkDeadAfter a link from which nothing authentic came for this long shows as dead
     */
    public record Network(InetSocketAddress listen, List<Link> links, Duration linkDeadAfter) {

        public Network {
            links = List.copyOf(links);
        }

        /** Links named after their destination: for nodes on loopback, where interfaces say nothing. */
        public static Network to(InetSocketAddress listen, List<InetSocketAddress> destinations, Duration deadAfter) {
            return new Network(listen, destinations.stream()
                    .map(destination -> new Link(destination.getHostString(), destination)).toList(), deadAfter);
        }
    }

    /** A link as the status command shows it: up while authentic datagrams arrive from its destination. */
    public record LinkView(String device, String destination, boolean up, Duration sinceLastHeard) {}

    /** The layer above membership, called on the event-loop thread; it must not block. */
    public interface Listener {
        /** A decision membership made, after the daemon carried out its own part (sending, logging). */
        void decided(Decision decision, long nowNanos);

        /** The daemon's tick, after membership's. */
        default void ticked(long nowNanos) {
        }
    }

    private final Membership membership;
    private final Network network;
    private final DatagramDecoder decoder;
    private final NetstringCodec encoder;
    private final RejectionCounter rejections;
    private final Listener listener;
    private final EventLoopGroup loop = new NioEventLoopGroup(1, runnable -> {
        Thread thread = new Thread(runnable, "heartbeat-loop");
        thread.setDaemon(true);
        // Heartbeats late because the machine is busy are what makes false failovers: this thread goes first.
        thread.setPriority(Thread.MAX_PRIORITY);
        return thread;
    });
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private Channel channel;
    private volatile Membership.View lastView;
    private final java.util.Map<java.net.InetAddress, Long> lastHeardFrom = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long startedNanos;
    private final java.util.Map<Decision.DropKind, java.util.concurrent.atomic.AtomicLong> dropped =
            new java.util.EnumMap<>(Decision.DropKind.class);
    private final java.util.Map<Decision.DropKind, Long> droppedLoggedAt = new java.util.EnumMap<>(Decision.DropKind.class);

    /**
     * @param listener told about every decision and tick on the event-loop thread (the takeover protocol, tests)
     */
    public HeartbeatDaemon(Membership membership, Network network, AuthKeys keys, RejectionCounter rejections,
            Listener listener) {
        this.membership = membership;
        this.network = network;
        this.decoder = new DatagramDecoder(keys);
        this.encoder = new NetstringCodec(keys);
        this.rejections = rejections;
        this.listener = listener;
    }

    /** Binds the socket, sends the start-up burst and starts ticking. */
    public void start() throws InterruptedException {
        channel = new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BROADCAST, true)
                .option(ChannelOption.SO_RCVBUF, 256 * 1024)
                .option(ChannelOption.IP_TOS, 0x10) // IPTOS_LOWDELAY, as heartbeat sets it
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
                        received(packet);
                    }
                })
                .bind(network.listen()).sync().channel();
        loop.submit(() -> carryOut(membership.start(System.nanoTime()))).sync();
        loop.scheduleAtFixedRate(this::tick, TICK.toNanos(), TICK.toNanos(), TimeUnit.NANOSECONDS);
        startedNanos = System.nanoTime();
        log.info("heartbeat node {} listening on {}, links {}", membership.localNode(), network.listen(),
                network.links());
    }

    /** Runs {@code action} on the event loop with the membership (to send resource messages, or shut down). */
    public CompletableFuture<Void> onLoop(Consumer<Membership> action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed.get()) {
            // A group action that finishes after the node stopped: nothing is left to tell.
            done.completeExceptionally(new IllegalStateException("the heartbeat daemon is closed"));
            return done;
        }
        loop.execute(() -> {
            try {
                action.accept(membership);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Sends a message of the layers above, stamped by membership; call on the loop (see {@link #onLoop}). */
    public void send(io.tandem.heartbeat.wire.Message callerFields) {
        carryOut(List.of(membership.send(callerFields)));
    }

    /** The membership as the status command shows it, refreshed every tick. */
    public Membership.View view() {
        return lastView;
    }

    /** Each link: up while authentic datagrams arrive from its destination, dead after the link dead time. */
    public List<LinkView> links() {
        long now = System.nanoTime();
        return network.links().stream().map(link -> {
            Long heard = lastHeardFrom.get(link.destination().getAddress());
            long since = now - (heard == null ? startedNanos : heard);
            return new LinkView(link.device(), link.destination().getAddress().getHostAddress(),
                    heard != null && since <= network.linkDeadAfter().toNanos(), Duration.ofNanos(since));
        }).toList();
    }

    public RejectionCounter rejections() {
        return rejections;
    }

    /** Authenticated messages dropped by the protocol rules, by kind, zeros included. */
    public java.util.Map<Decision.DropKind, Long> droppedMessages() {
        java.util.Map<Decision.DropKind, Long> counts = new java.util.EnumMap<>(Decision.DropKind.class);
        for (Decision.DropKind kind : Decision.DropKind.values()) {
            var count = dropped.get(kind);
            counts.put(kind, count == null ? 0 : count.get());
        }
        return counts;
    }

    /** Counts every drop; logs replays, unknown nodes and malformed messages at most once per 10 s per kind. */
    private void countDropped(Decision.Dropped drop) {
        long count = dropped.computeIfAbsent(drop.kind(), kind -> new java.util.concurrent.atomic.AtomicLong())
                .incrementAndGet();
        if (drop.kind() == Decision.DropKind.DUPLICATE) {
            log.debug("dropped a message of {}: {}", drop.node(), drop.reason());
            return;
        }
        long now = System.nanoTime();
        Long last = droppedLoggedAt.get(drop.kind());
        if (last == null || now - last > java.time.Duration.ofSeconds(10).toNanos()) {
            droppedLoggedAt.put(drop.kind(), now);
            log.warn("dropped a message claiming to be from {}: {} ({} {} so far)", drop.node(), drop.reason(), count,
                    drop.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private void tick() {
        long now = System.nanoTime();
        try {
            carryOut(membership.onTick(now));
            listener.ticked(now);
        } catch (RuntimeException e) {
            // A bug above must not stop the heartbeats: that would make the peer take over.
            log.error("error in the heartbeat tick", e);
        }
    }

    private void received(DatagramPacket packet) {
        ByteBuf content = packet.content();
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        DecodeResult result = decoder.decode(bytes);
        switch (result) {
            case DecodeResult.Accepted accepted -> {
                lastHeardFrom.put(packet.sender().getAddress(), System.nanoTime());
                try {
                    carryOut(membership.onMessage(accepted.message(), System.nanoTime()));
                } catch (RuntimeException e) {
                    log.error("error handling a message of {}", accepted.message().src().orElse("?"), e);
                }
            }
            case DecodeResult.Rejected rejected -> rejections.count(packet.sender(), rejected);
        }
    }

    private void carryOut(List<Decision> decisions) {
        for (Decision decision : decisions) {
            switch (decision) {
                case Decision.Send send -> {
                    byte[] datagram = encoder.encode(send.message());
                    for (Link link : network.links()) {
                        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), link.destination()));
                    }
                }
                case Decision.StatusChanged changed -> log.info("Status update for node {}: status {}",
                        changed.node(), changed.to().wire());
                case Decision.PeerRestarted restarted -> log.info("Heartbeat restart on node {} (generation {})",
                        restarted.node(), Long.toHexString(restarted.generation()));
                case Decision.LateHeartbeat late -> log.warn("Late heartbeat: node {}: interval {} ms",
                        late.node(), late.interval().toMillis());
                case Decision.PeerDead dead -> log.warn("node {}: is dead{}", dead.node(),
                        dead.gracefully() ? " (it gave up its resources)" : "");
                case Decision.Dropped dropped -> countDropped(dropped);
                case Decision.Deliver deliver -> log.debug("message for the resource layer: {}", deliver.message());
            }
            listener.decided(decision, System.nanoTime());
        }
        lastView = membership.view(System.nanoTime());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
