/**
 * Calendar events and time spans in the systemd.time(7) syntax that Proxmox Backup Server uses for
 * media pool allocation ({@code mon..fri 22:00}) and retention ({@code 3 weeks}): {@link
 * dev.tapekit.catalog.time.CalendarEvent} parses an event and finds its next elapse in a zone, {@link
 * dev.tapekit.catalog.time.TimeSpan} parses a span. Both normalize as {@code systemd-analyze} does, and
 * the tests compare them with it.
 */
package dev.tapekit.catalog.time;
