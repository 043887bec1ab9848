;;; andon-lsp-mode.el --- Andon, the TOML checker, through lsp-mode  -*- lexical-binding: t; -*-

;;; Commentary:

;; Registers `andon lsp' as an lsp-mode client for TOML buffers
;; (`conf-toml-mode', and `toml-ts-mode' on Emacs 29+) and starts it when
;; one opens.  Load this file from your init file, or copy the forms below
;; into it.  Needs lsp-mode and `andon' on `exec-path' (README: "Install").
;;
;; Findings arrive as Flycheck or Flymake diagnostics; `M-x
;; lsp-execute-code-action' on one offers its fixes.  Andon's priority is
;; above that of Taplo's client (newer lsp-mode releases register one for
;; TOML), so Andon is the server that starts.  Rule levels live in the
;; project's `andon.toml'.
;;
;; Tested by editors/emacs/test/run.sh (Emacs 28 with Debian's elpa-lsp-mode).

;;; Code:

(with-eval-after-load 'lsp-mode
  (add-to-list 'lsp-language-id-configuration '(conf-toml-mode . "toml"))
  (add-to-list 'lsp-language-id-configuration '(toml-ts-mode . "toml"))
  (lsp-register-client
   (make-lsp-client
    :new-connection (lsp-stdio-connection '("andon" "lsp"))
    :activation-fn (lsp-activate-on "toml")
    :priority 1
    :server-id 'andon
    ;; The board of open documents, for clients that show it; lsp-mode
    ;; would otherwise warn about a notification it does not know.
    :notification-handlers (ht ("andon/status" #'ignore)))))

(add-hook 'conf-toml-mode-hook #'lsp-deferred)
(add-hook 'toml-ts-mode-hook #'lsp-deferred)

(provide 'andon-lsp-mode)
;;; andon-lsp-mode.el ends here
