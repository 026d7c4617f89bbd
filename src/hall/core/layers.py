"""The channel layer of a server with several processes: Redis publish/subscribe.

A message to a group is one PUBLISH, and each process hands it to its own screens in the
group. channels-redis's default layer instead keeps a list per screen in Redis and each process
takes one message per round trip: at 50 halls (1,300 screens) that receiving fell tens of
seconds behind the calls, on a machine with CPU to spare (bench.province).

Publish/subscribe keeps nothing for a process that is not listening: while a process's
subscription is broken, what other processes publish is lost to its screens. redis-py
subscribes again by itself when the connection comes back; this layer then tells every screen
of the process `live.resync`, and each fetches its whole state afresh (its consumer knows how),
as hall.core.live does for a message that could not be published.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from channels_redis.pubsub import (
    RedisPubSubChannelLayer,
    RedisPubSubLoopLayer,
    RedisSingleShardConnection,
)
from channels_redis.utils import _wrap_close, create_pool, decode_hosts
from redis.asyncio.client import PubSub, Redis
from redis.asyncio.connection import Connection, ConnectionPool

from hall.core.live import RESYNC

logger = logging.getLogger(__name__)


class PubSubChannelLayer(RedisPubSubChannelLayer):
    """channels-redis's publish/subscribe layer, whose screens resync after a lost subscription,
    and which publishes many messages in one round trip."""

    async def group_send_many(self, messages: list[tuple[str, dict[str, Any]]]) -> None:
        """Publish each (group, message) in the order given, in one round trip to Redis (the
        library's group_send makes one each, one at a time: at 25 halls the calls heard
        waited behind them, bench.province)."""
        await self._get_layer().group_send_many(messages)

    def _get_layer(self) -> RedisPubSubLoopLayer:
        loop = asyncio.get_running_loop()
        layer = self._layers.get(loop)
        if layer is None:
            layer = self._layers[loop] = _ResyncingLoopLayer(
                *self._args, **self._kwargs, channel_layer=self
            )
            _wrap_close(self, loop)
        return layer


class _ResyncingLoopLayer(RedisPubSubLoopLayer):
    def __init__(self, hosts: Any = None, **kwargs: Any) -> None:
        super().__init__(hosts, **kwargs)
        self._shards = [_ResyncingShard(host, self) for host in decode_hosts(hosts)]

    async def group_send_many(self, messages: list[tuple[str, dict[str, Any]]]) -> None:
        by_shard: dict[_ResyncingShard, list[tuple[str, bytes]]] = {}
        for group, message in messages:
            channel = self._get_group_channel_name(group)
            published = (channel, self.channel_layer.serialize(message))
            by_shard.setdefault(self._get_shard(channel), []).append(published)
        for shard, published_there in by_shard.items():
            await shard.publish_many(published_there)

    def resync_every_screen(self) -> None:
        """Each channel of this process (a screen's consumer) is told to fetch its state."""
        resync = self.channel_layer.serialize(RESYNC)
        for queue in self.channels.values():
            queue.put_nowait(resync)
        logger.warning("live subscription back: %d screen(s) told to resync", len(self.channels))


class _ResyncingShard(RedisSingleShardConnection):
    channel_layer: _ResyncingLoopLayer
    _redis: Redis | None

    async def publish_many(self, messages: list[tuple[str, bytes]]) -> None:
        async with self._lock:
            redis = self._redis or self._connect()
            async with redis.pipeline(transaction=False) as pipeline:
                for channel, data in messages:
                    pipeline.publish(channel, data)
                await pipeline.execute()

    def _ensure_redis(self) -> None:
        if self._redis is None:
            self._connect()

    def _connect(self) -> Redis:
        """As channels-redis does, with a subscription that resyncs."""
        pool = create_pool(self.host)
        self._redis = Redis(connection_pool=pool)
        self._pubsub = _ResyncingPubSub(pool, self.channel_layer)
        return self._redis


class _ResyncingPubSub(PubSub):
    """redis-py calls on_connect on every connection of a subscription but the first (which
    is made before it registers the callback): that is, when the subscription comes back."""

    def __init__(self, pool: ConnectionPool, layer: _ResyncingLoopLayer) -> None:
        super().__init__(pool)
        self.layer = layer

    async def on_connect(self, connection: Connection) -> None:
        await super().on_connect(connection)  # subscribes again to every channel and group
        self.layer.resync_every_screen()
