/* Copy a citation, share an article: the buttons of the article page's 引用与分享.
   Sharing uses the Web Share API where the browser has it, else copies the link. */
(() => {
  const status = document.getElementById('cite-status');
  const say = (text) => { if (status) status.textContent = text; };

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) { /* no permission or an insecure page: the older way below */ }
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    let done = false;
    try { done = document.execCommand('copy'); } catch (error) { done = false; }
    area.remove();
    return done;
  }

  document.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-copy], button[data-share]');
    if (!button) return;
    if (button.dataset.copy) {
      const source = document.getElementById(button.dataset.copy);
      const text = source.textContent.replace(/\s+/g, ' ').trim();
      say(await copy(text) ? `已复制${button.dataset.label}` : '无法复制，请选中文字后手动复制');
      return;
    }
    const url = button.dataset.share;
    if (navigator.share) {
      try {
        await navigator.share({ title: document.title, url });
        return;
      } catch (error) {
        if (error.name === 'AbortError') return;  /* the reader closed the share sheet */
      }
    }
    say(await copy(url) ? '本文链接已复制，可粘贴分享' : `无法复制，本文链接：${url}`);
  });
})();
