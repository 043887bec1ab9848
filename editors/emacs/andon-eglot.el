;;; andon-eglot.el --- Andon, the TOML checker, through Eglot  -*- lexical-binding: t; -*-

;;; Commentary:

;; Makes `andon lsp' Eglot's language server for TOML buffers
;; (`conf-toml-mode', and `toml-ts-mode' on Emacs 29+) and starts it when
;; one opens.  Load this file from your init file, or copy the two forms
;; below into it.  Needs Eglot (built in from Emacs 29; the `eglot'
;; package before) and `andon' on `exec-path' (README: "Install").
;;
;; Findings arrive as Flymake diagnostics (`M-x flymake-show-buffer-diagnostics');
;; `M-x eglot-code-actions' on one offers its fixes, the preferred one as
;; the default.  Rule levels live in the project's `andon.toml'.
;;
;; Tested by editors/emacs/test/run.sh (Emacs 28 with Debian's elpa-eglot).

;;; Code:

(with-eval-after-load 'eglot
  ;; The language id is "toml" whatever the mode is called.
  (add-to-list 'eglot-server-programs
               '(((conf-toml-mode :language-id "toml")
                  (toml-ts-mode :language-id "toml"))
                 . ("andon" "lsp"))))

(add-hook 'conf-toml-mode-hook #'eglot-ensure)
(add-hook 'toml-ts-mode-hook #'eglot-ensure)

(provide 'andon-eglot)
;;; andon-eglot.el ends here
