"""Knowledge products: the centre's registry of reports, briefs, guidelines and tools, searched by
meaning in any language, and the reuse of what the help desk delivered."""
