package dev.airlock.analyze.adapter.jgit;

import java.io.File;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Makes JGit ignore every configuration outside the repository it works on: no system config, no
 * {@code ~/.gitconfig}, no {@code $XDG_CONFIG_HOME/git/config}, no JGit config file, and no
 * environment variables that change git's behaviour ({@code GIT_*}, {@code HOME}, {@code
 * XDG_CONFIG_HOME}). A host's configuration could otherwise add URL rewrites, credential helpers,
 * proxies or hooks paths to a checkout; and JGit would write a config file into the home directory
 * on first use. Installed once per JVM (JGit's system reader is global); other JGit users in the
 * same JVM (the local code host) are unaffected by empty user configuration.
 */
final class IsolatedGitConfig {
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();
  private static final Set<String> HIDDEN_VARIABLES =
      Set.of("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME");

  private IsolatedGitConfig() {}

  static void install() {
    if (!INSTALLED.compareAndSet(false, true)) {
      return;
    }
    SystemReader.setInstance(new Reader(SystemReader.getInstance()));
  }

  private static final class Reader extends SystemReader.Delegate {
    Reader(SystemReader delegate) {
      super(delegate);
    }

    @Override
    public String getenv(String variable) {
      if (variable == null || variable.startsWith("GIT_") || HIDDEN_VARIABLES.contains(variable)) {
        return null;
      }
      return super.getenv(variable);
    }

    @Override
    public FileBasedConfig openUserConfig(Config parent, FS fs) {
      return new EmptyConfig(parent, fs);
    }

    @Override
    public FileBasedConfig openSystemConfig(Config parent, FS fs) {
      return new EmptyConfig(parent, fs);
    }

    @Override
    public FileBasedConfig openJGitConfig(Config parent, FS fs) {
      return new EmptyConfig(parent, fs);
    }
  }

  /** A config that is never read from nor written to a file. */
  private static final class EmptyConfig extends FileBasedConfig {
    EmptyConfig(Config parent, FS fs) {
      super(parent, new File("/nonexistent/airlock-no-git-config"), fs);
    }

    @Override
    public void load() {
      clear();
    }

    @Override
    public void save() {
      // never persisted
    }

    @Override
    public boolean isOutdated() {
      return false;
    }
  }
}
