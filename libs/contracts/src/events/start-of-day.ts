/**
 * The instant v2 events give where v1 gave only a day: midnight UTC of that day, with milliseconds as the services
 * write instants. Upcasters use it; it says nothing about the hour, and a reader converting it to a local time west
 * of UTC sees the previous evening, so compare such instants by their UTC date.
 */
export function startOfDayUtc(day: string): string {
  return `${day}T00:00:00.000Z`;
}
