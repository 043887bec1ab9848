;;; headless.el --- Andon's Emacs configurations against the real server  -*- lexical-binding: t; -*-

;;; Commentary:

;; Run by test/run.sh as `emacs --batch -Q -l test/headless.el', once per
;; client.  Loads the shipped configuration (andon-eglot.el or
;; andon-lsp-mode.el) as a user's init file would, visits a Cargo.toml with
;; a syntax error and a dependency path that points nowhere, and checks:
;;
;;   1. the client starts `andon lsp' by itself, through the mode hook the
;;      configuration adds;
;;   2. both findings arrive as Flymake errors on their lines, with their
;;      rule ids;
;;   3. the client's code action command, on the syntax error, applies the
;;      server's preferred quick fix: the text is repaired and the finding
;;      goes, the other stays.
;;
;; Batch Emacs has no command loop: `andon-test--tick' does what the loop
;; does between commands (post-command hooks, idle timers), so the hooks
;; the clients rely on run as they would interactively.  Every wait has a
;; deadline.  Prints one summary line; exits 0, or 1 with the reason.
;;
;; Environment (set by run.sh): ANDON_EMACS_DIR (editors/emacs),
;; ANDON_TEST_CLIENT (eglot or lsp-mode), ANDON_TEST_FILE (the Cargo.toml),
;; ANDON_TEST_WAIT (each wait's deadline in seconds, default 20); `andon'
;; must be on PATH.

;;; Code:

(require 'cl-lib)
(require 'subr-x)

(defvar andon-test-client (getenv "ANDON_TEST_CLIENT"))
(defvar andon-test-wait (string-to-number (or (getenv "ANDON_TEST_WAIT") "20")))
(defvar andon-test-label (format "emacs %s (%s)" emacs-version andon-test-client))

(define-error 'andon-test-failure "Andon test failure")

(defun andon-test--fail (format-string &rest args)
  (signal 'andon-test-failure (list (apply #'format format-string args))))

(defun andon-test--tick ()
  "Let Emacs do what its command loop does between two commands."
  (run-hooks 'post-command-hook)
  ;; Idle timers fire when an interactive Emacs waits for input; a batch
  ;; Emacs never does, so run the due ones here.
  (dolist (timer (copy-sequence timer-idle-list))
    (when (memq timer timer-idle-list)
      (cancel-timer timer)
      (save-current-buffer
        (apply (timer--function timer) (timer--args timer)))
      (when (timer--repeat-delay timer)
        (timer-activate-when-idle timer t))))
  (accept-process-output nil 0.05))

(defun andon-test--wait (what predicate)
  "Tick until PREDICATE returns non-nil (returned), or fail naming WHAT."
  (let ((deadline (+ (float-time) andon-test-wait))
        value)
    (while (and (not (setq value (funcall predicate)))
                (< (float-time) deadline))
      (andon-test--tick))
    (or value
        (andon-test--fail "timed out after %ss waiting for %s" andon-test-wait what))))

;;; The client under test

(defun andon-test--load-client ()
  (setq package-directory-list
        (append package-directory-list '("/usr/share/emacs/site-lisp/elpa")))
  (package-initialize)
  (let ((dir (file-name-as-directory (getenv "ANDON_EMACS_DIR"))))
    (pcase andon-test-client
      ("eglot"
       (load (expand-file-name "andon-eglot.el" dir) nil t)
       (require 'eglot))
      ("lsp-mode"
       ;; Where lsp-mode keeps its state, and the project root (it would ask).
       (setq lsp-session-file (make-temp-file "andon-lsp-session"))
       (load (expand-file-name "andon-lsp-mode.el" dir) nil t)
       (require 'lsp-mode)
       ;; No prompt at exit when the server goes.
       (setq lsp-restart 'ignore)
       (lsp-workspace-folders-add (file-name-directory (getenv "ANDON_TEST_FILE"))))
      (_ (andon-test--fail "ANDON_TEST_CLIENT is %S, not eglot or lsp-mode" andon-test-client)))))

(defun andon-test--connected-p ()
  (pcase andon-test-client
    ("eglot" (and (eglot-current-server) eglot--managed-mode))
    ("lsp-mode" (and (bound-and-true-p lsp-mode)
                     (cl-some (lambda (workspace)
                                (and (eq (lsp--workspace-status workspace) 'initialized)
                                     (eq (lsp--client-server-id (lsp--workspace-client workspace)) 'andon)))
                              (lsp-workspaces))))))

(defun andon-test--code (diagnostic)
  "The rule id of a Flymake DIAGNOSTIC, from the LSP diagnostic behind it."
  (pcase andon-test-client
    ("eglot"
     (plist-get (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data diagnostic))) :code))
    ("lsp-mode"
     ;; lsp-mode's Flymake entries carry the message only; find the LSP
     ;; diagnostic it came from by line and message.
     (let ((line (1- (line-number-at-pos (flymake-diagnostic-beg diagnostic))))
           (text (flymake-diagnostic-text diagnostic)))
       (cl-some (lambda (lsp-diagnostic)
                  (and (= line (lsp-get (lsp-get (lsp-get lsp-diagnostic :range) :start) :line))
                       (string= text (lsp-get lsp-diagnostic :message))
                       (lsp-get lsp-diagnostic :code)))
                (gethash (lsp--fix-path-casing buffer-file-name) (lsp-diagnostics t)))))))

(defun andon-test--apply-code-action ()
  "Run the client's code action command at point, as a user picks the default."
  (cl-letf* ((offered nil)
             ((symbol-function 'completing-read)
              (lambda (_prompt collection &optional _predicate _require _initial _hist default &rest _)
                (setq offered (all-completions "" collection))
                ;; Eglot offers the server's preferred fix as the default;
                ;; lsp-mode lists the server's actions in its order.
                (or default (car offered)))))
    (pcase andon-test-client
      ("eglot"
       ;; Not a mouse event: Eglot would pop up a menu.
       (let ((last-nonmenu-event ?\r))
         (call-interactively #'eglot-code-actions)))
      ("lsp-mode" (call-interactively #'lsp-execute-code-action)))
    offered))

;;; The test

(defun andon-test--findings ()
  "The buffer's Flymake diagnostics as (LINE CODE TYPE), sorted by line."
  (sort (mapcar (lambda (diagnostic)
                  (list (line-number-at-pos (flymake-diagnostic-beg diagnostic))
                        (andon-test--code diagnostic)
                        (flymake-diagnostic-type diagnostic)))
                (flymake-diagnostics))
        (lambda (a b) (< (car a) (car b)))))

(defun andon-test--error-p (type)
  (memq type '(:error eglot-error)))

(defun andon-test--finding (code line)
  (cl-find-if (lambda (finding)
                (and (equal (nth 1 finding) code) (= (nth 0 finding) line)))
              (andon-test--findings)))

(defun andon-test--line-of (needle)
  (save-excursion
    (goto-char (point-min))
    (unless (search-forward needle nil t)
      (andon-test--fail "the test file has no %S" needle))
    (line-number-at-pos)))

(defun andon-test--run ()
  (andon-test--load-client)
  (unless (executable-find "andon")
    (andon-test--fail "`andon' is not on PATH (%s)" (getenv "PATH")))
  (find-file (getenv "ANDON_TEST_FILE"))
  (unless (derived-mode-p 'conf-toml-mode)
    (andon-test--fail "%s opened in %s, not conf-toml-mode" buffer-file-name major-mode))
  ;; 1. Started by the configuration's hook, nothing else.
  (andon-test--wait "the client to start andon lsp" #'andon-test--connected-p)
  ;; 2. Both findings, as Flymake errors.
  (let ((syntax-line (andon-test--line-of "= ="))
        (path-line (andon-test--line-of "\"../nope\"")))
    (andon-test--wait "syntax and path-missing findings"
                      (lambda ()
                        (and (andon-test--finding "syntax" syntax-line)
                             (andon-test--finding "path-missing" path-line))))
    (dolist (code '("syntax" "path-missing"))
      (let ((finding (andon-test--finding code (if (equal code "syntax") syntax-line path-line))))
        (unless (andon-test--error-p (nth 2 finding))
          (andon-test--fail "%s is a %s, expected an error: %S" code (nth 2 finding) (andon-test--findings)))))
    (let ((found (andon-test--findings))
          (before (buffer-string)))
      ;; 3. The quick fix at the syntax error.
      (goto-char (point-min))
      (forward-line (1- syntax-line))
      (search-forward "= =")
      (backward-char 1)
      (let ((offered (andon-test--apply-code-action)))
        (andon-test--wait "the quick fix to change the text"
                          (lambda () (not (string= before (buffer-string)))))
        (andon-test--wait "the syntax finding to go once fixed"
                          (lambda ()
                            (and (not (andon-test--finding "syntax" syntax-line))
                                 (andon-test--finding "path-missing" path-line))))
        (format "%s: OK: %s; code action on the syntax error (offered %S) repaired line %d to %S; path-missing stays"
                andon-test-label
                (mapconcat (lambda (finding) (format "%s line %d" (nth 1 finding) (nth 0 finding)))
                           found ", ")
                offered syntax-line
                (save-excursion
                  (goto-char (point-min))
                  (forward-line (1- syntax-line))
                  (buffer-substring-no-properties (line-beginning-position) (line-end-position))))))))

(condition-case failure
    (progn
      (princ (concat (andon-test--run) "\n"))
      (kill-emacs 0))
  (andon-test-failure
   (princ (format "%s: FAIL: %s\n" andon-test-label (cadr failure)))
   (kill-emacs 1))
  (error
   (princ (format "%s: FAIL: error: %S\n" andon-test-label failure))
   (kill-emacs 1)))

;;; headless.el ends here
