# Starts a real heartbeat 3.0.6 as one machine of a test cluster (RealHeartbeatNode runs it). Invoked as
#   ip netns exec <netns> unshare --mount --uts --propagation private sh start-heartbeat.sh <work> <node>
# so it already runs in the node's network namespace and in fresh mount and UTS namespaces: the mounts below are
# seen by this heartbeat and its children only, never by the host, and vanish with the last of them.
set -eu
work=$1
node=$2

# heartbeat and its scripts use fixed paths; each node gets its own copy of every one that holds state.
mount --bind "$work/etc-ha.d" /etc/ha.d                    # ha.cf, authkeys, haresources; the package's scripts
mount --bind "$work/var-lib-heartbeat" /var/lib/heartbeat  # hb_generation, hb_uuid, the FIFO scripts write to
mount --bind "$work/run" /run   # heartbeat.pid, the API socket cl_status uses, resource-agents state (send_arp)
if [ ! -L /var/run ]; then
    mount --bind "$work/run" /var/run
fi
mount --bind "$work/log" /var/log                          # ha-log and ha-debug, where the captured ha.cf put them

# heartbeat takes its node name from uname -n.
hostname "$node"

# -f: stay in the foreground, so this process (same PID as the test's child: ip, unshare and sh all exec) is the
# master control process.
exec /usr/libexec/heartbeat/heartbeat -f
