complete --keep-order --exclusive --command neynar-studio --arguments "(COMPLETE=fish neynar-studio -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
