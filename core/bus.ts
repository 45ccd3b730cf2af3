/** A message handler. Handlers run synchronously, in subscription order. */
export type Handler<T = unknown> = (message: T) => void;

/**
 * In-process publish/subscribe on exact topic names (see topics.ts). Dispatch is synchronous: the replay
 * loop stays free of promises, and a handler sees the world exactly as of the message it handles.
 */
export class MessageBus {
  private readonly handlers = new Map<string, Handler[]>();

  subscribe<T>(topic: string, handler: Handler<T>): () => void {
    const list = this.handlers.get(topic) ?? [];
    list.push(handler as Handler);
    this.handlers.set(topic, list);
    return () => {
      const current = this.handlers.get(topic);
      if (!current) return;
      const at = current.indexOf(handler as Handler);
      if (at >= 0) current.splice(at, 1);
    };
  }

  publish(topic: string, message: unknown): void {
    const list = this.handlers.get(topic);
    if (!list) return;
    for (let i = 0; i < list.length; i++) (list[i] as Handler)(message);
  }

  hasSubscribers(topic: string): boolean {
    return (this.handlers.get(topic)?.length ?? 0) > 0;
  }
}
