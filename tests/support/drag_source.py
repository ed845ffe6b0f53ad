#!/usr/bin/env python3
"""A tiny GTK3 window that offers files as text/uri-list when dragged: a stand-in for a file
manager, so end-to-end tests can drop real files onto Marketdesk under Xvfb (driven by xdotool).

usage: drag_source.py X Y FILE...   (the window is placed at X,Y; there is no window manager)
"""
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402


def main():
    x, y = int(sys.argv[1]), int(sys.argv[2])
    uris = [GLib.filename_to_uri(p, None) for p in sys.argv[3:]]
    win = Gtk.Window(title="drag-source")
    win.set_default_size(200, 120)
    win.move(x, y)
    button = Gtk.Button(label="drag me")
    button.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
    button.drag_source_add_uri_targets()
    button.connect("drag-data-get", lambda _w, _ctx, data, _info, _time: data.set_uris(uris))
    win.add(button)
    win.connect("destroy", Gtk.main_quit)
    win.show_all()
    # Tell the test where we are and that we are ready.
    print("ready", flush=True)
    Gtk.main()


if __name__ == "__main__":
    main()
