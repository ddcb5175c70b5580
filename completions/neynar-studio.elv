
set edit:completion:arg-completer[neynar-studio] = { |@words|
    var index = (count $words)
    set index = (- $index 1)

    put (env _CLAP_IFS="\n" _CLAP_COMPLETE_INDEX=(to-string $index) NEYNAR_STUDIO_COMPLETE="elvish" neynar-studio -- $@words) | to-lines
}

