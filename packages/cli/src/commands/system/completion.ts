import { defineCommand } from '../../define-command.js';
import { COMPLETION } from '../command-heads.js';

/**
 * Shell completion scripts. Each asks the installed `iggy` for candidates at completion time
 * (`iggy --get-yargs-completions <words>`), so they stay right as commands change.
 */
const SCRIPTS = {
  bash: `###-begin-iggy-completions-###
# iggy completion for bash: source <(iggy completion bash), or save it to a file and source that.
_iggy_completions() {
  local current="\${COMP_WORDS[COMP_CWORD]}"
  local candidates
  candidates=$(iggy --get-yargs-completions "\${COMP_WORDS[@]:0:COMP_CWORD+1}" 2>/dev/null)
  COMPREPLY=( $(compgen -W "\${candidates}" -- "\${current}") )
  if [[ \${#COMPREPLY[@]} -eq 0 ]]; then COMPREPLY=(); fi
  return 0
}
complete -o bashdefault -o default -F _iggy_completions iggy
###-end-iggy-completions-###
`,
  zsh: `#compdef iggy
###-begin-iggy-completions-###
# iggy completion for zsh: source <(iggy completion zsh), or save it as _iggy in your $fpath.
_iggy_completions() {
  local reply
  local saved_ifs=$IFS
  IFS=$'\\n' reply=($(COMP_CWORD="$((CURRENT-1))" COMP_LINE="$BUFFER" COMP_POINT="$CURSOR" iggy --get-yargs-completions "\${words[@]:0:$CURRENT}" 2>/dev/null))
  IFS=$saved_ifs
  _describe 'values' reply
}
if [[ "\${zsh_eval_context[-1]}" == "loadautofunc" ]]; then
  _iggy_completions "$@"
else
  compdef _iggy_completions iggy
fi
###-end-iggy-completions-###
`,
  fish: `# iggy completion for fish: iggy completion fish > ~/.config/fish/completions/iggy.fish
function __iggy_completions
    set -l words (commandline -opc) (commandline -ct)
    iggy --get-yargs-completions $words 2>/dev/null | string replace -r ':.*' ''
end
complete -c iggy -f -a '(__iggy_completions)'
`,
} as const;

export const completion = defineCommand({
  ...COMPLETION,
  builder: (y) => y.positional('shell', { choices: ['bash', 'zsh', 'fish'] as const, demandOption: true, describe: 'Shell' }),
  run: async (args, context) => {
    context.io.stdout(SCRIPTS[args.shell]);
  },
});
