import { channelLabel } from "./channel-label";

const known = new Set(Object.keys(channelLabel));

/**
 * Where a message came from, as its icon (public/channels/<channel>.svg) with the channel's name
 * as the image's text alternative and tooltip, so it never rests on the picture alone. `showLabel`
 * also prints the name beside it.
 */
export function ChannelIcon({ channel, showLabel = false, className = "" }: { channel: string; showLabel?: boolean; className?: string }) {
  const label = channelLabel[channel] ?? channel;
  if (!known.has(channel)) return <span className={`text-xs text-slate-600 ${className}`}>{label}</span>;
  return (
    <span className={`inline-flex items-center gap-1 align-middle text-xs text-slate-600 ${className}`} title={label}>
      <img src={`/channels/${channel}.svg`} alt={showLabel ? "" : label} width={16} height={16} className="h-4 w-4 shrink-0" />
      {showLabel && <span>{label}</span>}
    </span>
  );
}
